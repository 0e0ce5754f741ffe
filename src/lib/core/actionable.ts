/**
 * Whether a new metric on a column is proposed as one a CSM can act on. Only a column whose name clearly says it
 * is something the customer is, not does, is proposed as not actionable: how long they have been a customer, when
 * they signed up or their contract started, their age, gender or being a senior. Anything else is actionable,
 * and the user can change either on the Scorecard page. English names only; whole words only ("average",
 * "usage" and "message" hold "age" but are no age).
 */

/** The words and phrases, as whole words of the column's name (any case, spaces, underscores or camelCase). */
export const NOT_ACTIONABLE_NAMES: readonly string[] = Object.freeze([
	'tenure',
	'age',
	'gender',
	'sex',
	'senior',
	'birth',
	'signup',
	'sign up',
	'signed up',
	'customer since',
	'contract start'
]);

const pattern = new RegExp(`(?:^| )(?:${NOT_ACTIONABLE_NAMES.join('|')})(?= |$)`);

/** A column's name as lower-case words: "SeniorCitizen" → "senior citizen", "contract_start_date" → "contract start date". */
export function nameWords(columnName: string): string {
	return columnName
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
		.toLowerCase()
		.split(/[^\p{L}\p{N}]+/u)
		.filter(Boolean)
		.join(' ');
}

/** The listed word or phrase the column's name holds, or null when none (then the metric is proposed as actionable). */
export function notActionableWord(columnName: string): string | null {
	const m = pattern.exec(nameWords(columnName));
	return m ? m[0].trim() : null;
}
