/** Which part each column plays, proposed from its header name and what it holds. */
import type { ColumnRole, ValueType } from './types';

/** What role proposal needs to know of a column. */
export interface RoleEvidence {
	name: string;
	type: ValueType;
	/** Non-empty values in the sample. */
	present: number;
	/** Rows in the sample (empty values included). */
	rows: number;
	distinct: number;
	/** Share of non-empty values with a space in them. */
	spaced: number;
}

/** The header in plain lower-case words: "customerID" → "customer id", "total_charges" → "total charges". */
export function headerWords(header: string): string {
	return header
		.replace(/([\p{Ll}\d])(\p{Lu})/gu, '$1 $2')
		.replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1 $2')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

const WHO = 'customer|account|client|user|company|org|organization|organisation|tenant|subscriber|member|cust|acct|contract';
const ID_STRONG = new RegExp(`^(?:id|uuid|guid|identifier|(?:${WHO}) ?(?:id|uuid|guid|identifier|key|number|no|nr|num|code|ref|reference))$`);
const ID_WEAK = /(?:^| )id$/;
const ID_CONTACT = /^(?:phone|phone number|phone no|telephone|telephone number|msisdn|mobile|mobile number|e ?mail|e ?mail address)$/;
const NAME = /^(?:name|(?:customer|account|client|company|organization|organisation|org|business|full|legal) name|company|client|customer|account|organization|organisation|business)$/;
const AS_OF = /^(?:as ?of|as ?of date|as at|snapshot|snapshot (?:date|month)|date|month|period|report(?:ing)? date|observation date|record date|data date)$/;
const CHURN_WORD = 'churn|churned|cancel|cancell?ation|cancell?ed|termination|terminated|exit|exited|lost|closed|end';
const CHURN_DATE = new RegExp(`^(?:(?:${CHURN_WORD}) ?(?:date|on|at|day)|date (?:of )?(?:${CHURN_WORD}))$`);
const OUTCOME = /^(?:churn|churned|is churned|has churned|churn (?:flag|label|status|yes no)|exited|cancell?ed|cancell?ation|attrition|attrited|left|lost|terminated)$/;
const RENEWAL = /renewal|renews|contract end|end of contract/;
const SEGMENT = /^(?:(?:customer |market )?segment(?: name)?|(?:customer )?tier|plan|plan (?:name|type)|(?:subscription|pricing) plan|package|edition|(?:company )?size)$/;
const OWNER = /^(?:owner|(?:account|customer|cs|sales) owner|csm|csm name|customer success manager|success manager|account manager|am|account executive|ae|rep|sales rep|assigned to|manager)$/;
const ARR = /(?:^| )arr(?: |$)|^annual recurring revenue|^(?:annual |yearly )?revenue$|^acv$|^(?:annual )?contract value$|^(?:annual|yearly) (?:revenue|value|spend|fee)s?\b/;

const UNIQUE: readonly ColumnRole[] = ['id', 'name', 'asOf', 'outcome', 'churnDate', 'renewalDate', 'segment', 'owner', 'arr'];

/** Roles that at most one column can play. */
export function isUniqueRole(role: ColumnRole): boolean {
	return UNIQUE.includes(role);
}

/** How strongly the header (and type) suggest each unique role: 0 = not at all. */
function headerScores(c: RoleEvidence): [ColumnRole, number][] {
	const w = headerWords(c.name);
	const textual = c.type === 'text' || c.type === 'category';
	const unique = c.present > 0 && c.distinct === c.present;
	const out: [ColumnRole, number][] = [];
	if (c.distinct > 1 || c.rows <= 1) {
		if (ID_STRONG.test(w)) out.push(['id', 30]);
		else if (ID_WEAK.test(w) && c.distinct * 2 >= c.present) out.push(['id', 20]);
		else if (ID_CONTACT.test(w) && unique) out.push(['id', 10]);
	}
	if (NAME.test(w) && textual) out.push(['name', 30]);
	if (c.type === 'date') {
		if (CHURN_DATE.test(w)) out.push(['churnDate', 30]);
		else if (OUTCOME.test(w)) out.push(['churnDate', 20]);
		else if (RENEWAL.test(w)) out.push(['renewalDate', 30]);
		else if (AS_OF.test(w)) out.push(['asOf', 30]);
	}
	if (c.type === 'boolean' && OUTCOME.test(w)) out.push(['outcome', 30]);
	if (c.type === 'category' && SEGMENT.test(w)) out.push(['segment', 30]);
	if (textual && OWNER.test(w)) out.push(['owner', 30]);
	if (c.type === 'number' && ARR.test(w)) out.push(['arr', 30]);
	return out;
}

/** Text that is different in every row and reads like a code (few spaces): an ID even without an ID header. */
function contentIdScore(c: RoleEvidence): number {
	if (c.type !== 'text' || c.present < 2 || c.present < c.rows || c.distinct !== c.present) return 0;
	return c.spaced < 0.1 ? 5 : 0;
}

function fallbackRole(type: ValueType): ColumnRole {
	return type === 'number' || type === 'boolean' || type === 'category' ? 'metric' : 'ignore';
}

/**
 * One role per column: each unique role goes to its best candidate (header evidence first, then the leftmost),
 * content alone proposes an ID when no header does, and every other column is a metric (number, yes/no,
 * category) or ignored (text, date).
 */
export function proposeRoles(columns: RoleEvidence[]): ColumnRole[] {
	const candidates: { column: number; role: ColumnRole; score: number }[] = [];
	columns.forEach((c, column) => {
		for (const [role, score] of headerScores(c)) candidates.push({ column, role, score });
		const content = contentIdScore(c);
		if (content > 0) candidates.push({ column, role: 'id', score: content });
	});
	candidates.sort((a, b) => b.score - a.score || a.column - b.column);
	const roles: (ColumnRole | null)[] = columns.map(() => null);
	const taken = new Set<ColumnRole>();
	for (const { column, role } of candidates) {
		if (roles[column] !== null || taken.has(role)) continue;
		roles[column] = role;
		taken.add(role);
	}
	return roles.map((r, i) => r ?? fallbackRole(columns[i].type));
}
