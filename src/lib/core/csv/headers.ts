/** Header names as Checkup uses them: trimmed, never empty, never twice the same. */
import type { Notice } from './types';

const LISTED = 5;

function list(items: string[]): string {
	const shown = items.slice(0, LISTED).join(', ');
	return items.length > LISTED ? `${shown} and ${items.length - LISTED} more` : shown;
}

/**
 * Trims each header (a leading BOM too); an empty one becomes "column 3" (its 1-based position); a repeated
 * one becomes "name (2)", "name (3)", … never colliding with another header. Notices name what was changed.
 */
export function normalizeHeaders(raw: string[]): { names: string[]; notices: Notice[] } {
	const trimmed = raw.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
	const taken = new Set(trimmed.filter((h) => h.length > 0));
	const used = new Set<string>();
	// Where the suffix search of each repeated name resumes, so 10,000 copies of one name stay linear.
	const nextSuffix = new Map<string, number>();
	const unnamed: string[] = [];
	const renamed: string[] = [];
	const names = trimmed.map((h, i) => {
		let name = h;
		if (name.length === 0) {
			name = `column ${i + 1}`;
			for (let k = 2; taken.has(name) || used.has(name); k++) name = `column ${i + 1} (${k})`;
			unnamed.push(name);
		} else if (used.has(name)) {
			let k = nextSuffix.get(h) ?? 2;
			while (taken.has(`${h} (${k})`) || used.has(`${h} (${k})`)) k++;
			nextSuffix.set(h, k + 1);
			name = `${h} (${k})`;
			renamed.push(`"${h}" → "${name}"`);
		}
		used.add(name);
		return name;
	});
	const notices: Notice[] = [];
	if (unnamed.length === 1) notices.push({ level: 'info', message: `A column has no header name; it is called "${unnamed[0]}".` });
	if (unnamed.length > 1) notices.push({ level: 'info', message: `${unnamed.length} columns have no header name; they are called ${list(unnamed.map((n) => `"${n}"`))}.` });
	if (renamed.length > 0) {
		const what = renamed.length === 1 ? 'A header name appears twice; renamed' : `${renamed.length} header names repeat; renamed`;
		notices.push({ level: 'warning', message: `${what} ${list(renamed)}.` });
	}
	return { names, notices };
}
