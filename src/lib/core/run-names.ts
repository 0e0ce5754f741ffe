/**
 * What a training run is called wherever the app names it (the Learn page's list and its Open / Delete buttons,
 * "Showing the run of …", the Worklist's ranking): its time to the minute, which reads well but two runs of one
 * minute would share. Those get seconds, and runs of one second a number in the order they were trained, so every
 * button has a name of its own for a screen reader and a keyboard user.
 */
import { formatStamp } from './format';

/** A run as far as its name goes. */
export interface NamedRun {
	id: string;
	/** ISO timestamp. */
	createdAt: string;
}

/** "2026-11-24 06:25:13": formatStamp's local minute and the second. */
function withSeconds(iso: string): string {
	const d = new Date(iso);
	return Number.isNaN(d.getTime()) ? iso : `${formatStamp(iso)}:${String(d.getSeconds()).padStart(2, '0')}`;
}

/** Each run's name by id: "2026-11-24 06:25", or "2026-11-24 06:25:13" when another run shares the minute, "… (2)" the second too. */
export function runNames(runs: readonly NamedRun[]): Map<string, string> {
	const byMinute = groupBy(runs, (r) => formatStamp(r.createdAt));
	const names = new Map<string, string>();
	for (const [minute, same] of byMinute) {
		if (same.length === 1) {
			names.set(same[0].id, minute);
			continue;
		}
		for (const [second, tied] of groupBy(same, (r) => withSeconds(r.createdAt))) {
			// Oldest first; the same instant in id order, so a name does not change between two listings.
			const ordered = [...tied].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
			ordered.forEach((r, k) => names.set(r.id, tied.length === 1 ? second : `${second} (${k + 1})`));
		}
	}
	return names;
}

/** The name of one run among these (it need not be one of them yet: a run shown before it is stored). */
export function runName(run: NamedRun, runs: readonly NamedRun[]): string {
	const all = runs.some((r) => r.id === run.id) ? runs : [run, ...runs];
	return runNames(all).get(run.id)!;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const item of items) {
		const k = key(item);
		const group = groups.get(k);
		if (group) group.push(item);
		else groups.set(k, [item]);
	}
	return groups;
}
