import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';

/** ../shared/data beside the repository: the public churn datasets and their reference results. */
export const SHARED_DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

/** Rows of a shared CSV as objects keyed by the (trimmed) header. */
export function readSharedCsv(name: string): Record<string, string>[] {
	const text = readFileSync(SHARED_DATA + name, 'utf8');
	const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true, transformHeader: (h) => h.trim() });
	if (parsed.errors.length) throw new Error(`${name}: ${parsed.errors[0].message} (row ${parsed.errors[0].row})`);
	return parsed.data;
}

export function readReference<T = Record<string, unknown>>(name: string): T {
	return JSON.parse(readFileSync(SHARED_DATA + 'reference/' + name, 'utf8')) as T;
}
