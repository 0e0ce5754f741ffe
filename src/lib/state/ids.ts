/** Ids of records made in this browser (versions, overrides, rules, draft revisions): time, then random, never reused. */
export function newId(prefix: string): string {
	return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
