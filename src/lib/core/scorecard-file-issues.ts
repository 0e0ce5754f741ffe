/** zod's issues in words for the user: "scorecard.metrics[2].weight: expected a number ≥ 0, got -3". */
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** One zod issue as "path: expected …, got …". */
export function describeIssue(issue: Issue): string {
	const path = formatPath(issue.path);
	const got = 'input' in issue ? show(issue.input) : '';
	let what: string;
	switch (issue.code) {
		case 'invalid_type':
			what = `expected ${article(issue.expected)}, got ${got}`;
			break;
		case 'too_small':
			what = issue.origin === 'string' ? `expected at least ${issue.minimum} characters, got ${got}`
				: issue.origin === 'array' ? `expected at least ${issue.minimum} entries, got ${Array.isArray(issue.input) ? issue.input.length : got}`
				: `expected a number ≥ ${issue.minimum}, got ${got}`;
			break;
		case 'too_big':
			what = issue.origin === 'string' ? `expected at most ${issue.maximum} characters, got ${typeof issue.input === 'string' ? issue.input.length.toLocaleString('en-US') : got}`
				: issue.origin === 'array' ? `expected at most ${issue.maximum} entries, got ${Array.isArray(issue.input) ? issue.input.length.toLocaleString('en-US') : got}`
				: `expected a number ≤ ${issue.maximum}, got ${got}`;
			break;
		case 'unrecognized_keys':
			what = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => show(k)).join(', ')}`;
			break;
		case 'invalid_union': {
			// A discriminated union names its options on the issue (zod 4 adds them; its types do not say so).
			const options = (issue as { options?: unknown }).options;
			what = Array.isArray(options)
				? `unknown ${path.endsWith('normalization.kind') ? 'normalization' : path.endsWith('missing.kind') ? 'missing-value policy' : 'kind'} ${show(kindOf(issue.input))}; expected one of ${options.join(', ')}`
				: `${issue.message}, got ${got}`;
			break;
		}
		case 'invalid_value':
			what = `expected ${issue.values.map((v) => show(v)).join(' or ')}, got ${got}`;
			break;
		case 'invalid_format':
			what = `${issue.message}, got ${got}`;
			break;
		default:
			what = issue.message;
	}
	return path ? `${path}: ${what}` : what;
}

function kindOf(input: unknown): unknown {
	return typeof input === 'object' && input !== null ? (input as { kind?: unknown }).kind : input;
}

function formatPath(path: readonly PropertyKey[]): string {
	let out = '';
	for (const key of path) {
		if (typeof key === 'number') out += `[${key}]`;
		else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += (out ? '.' : '') + key;
		else out += `[${JSON.stringify(String(key))}]`;
	}
	return out;
}

function article(expected: string): string {
	return expected === 'object' || expected === 'array' ? `an ${expected}` : `a ${expected}`;
}

/** A value for a message: short, never the whole of a huge string or array. */
export function show(value: unknown): string {
	if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 60) + '…' : value);
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return `a list of ${value.length.toLocaleString('en-US')}`;
	return 'an object';
}
