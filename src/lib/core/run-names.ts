/**
 * What a training run is called wherever the app names it (the Learn page's list and its Open / Delete buttons,
 * "Showing the run of …", the Worklist's ranking): its time to the second, "2026-11-24 06:25:40". A name never
 * changes when other runs are added or deleted, so the run a colleague or a note calls "the run of 06:25:40" is still
 * found by that name (named by the minute, with seconds only beside another run of that minute, a run went back to
 * "06:25" once the other was deleted). A run finishing in the same second as one already stored, which only a very
 * quick run can, is numbered "… (2)" when it is stored (its `tie`), and keeps that number.
 */
import { formatStamp } from './format';

/** A run as far as its name goes. */
export interface NamedRun {
	id: string;
	/** ISO timestamp. */
	createdAt: string;
	/** Its number among the runs of its second, from 2, given when it was stored; absent on the first (and older runs). */
	tie?: number;
}

/** "2026-11-24 06:25:13": formatStamp's local minute and the second. */
function withSeconds(iso: string): string {
	const d = new Date(iso);
	return Number.isNaN(d.getTime()) ? iso : `${formatStamp(iso)}:${String(d.getSeconds()).padStart(2, '0')}`;
}

/** The run's second as a number, whatever the time zone: runs of one second share it. */
function secondOf(iso: string): number {
	return Math.floor(Date.parse(iso) / 1000);
}

/** A run's own name, from nothing but the run: its second, and its tie when it has one. */
function ownName(run: NamedRun): string {
	return run.tie === undefined ? withSeconds(run.createdAt) : `${withSeconds(run.createdAt)} (${run.tie})`;
}

/**
 * The tie a run finishing at `createdAt` gets among the runs stored: none when no run has its second, else one more
 * than the highest there (a run of that second deleted since leaves its number unused rather than given again).
 */
export function nextTie(createdAt: string, stored: readonly NamedRun[]): number | undefined {
	const second = secondOf(createdAt);
	const same = stored.filter((r) => secondOf(r.createdAt) === second);
	return same.length ? Math.max(...same.map((r) => r.tie ?? 1)) + 1 : undefined;
}

/**
 * Each run's name by id. Two runs with one own name (stored before runs had ties, or by two tabs in one second) are
 * still told apart: the later ones, in the order they were trained, take the next number free in their second.
 */
export function runNames(runs: readonly NamedRun[]): Map<string, string> {
	const names = new Map<string, string>();
	const taken = new Set(runs.map(ownName));
	const ordered = [...runs].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	const given = new Set<string>();
	for (const run of ordered) {
		let name = ownName(run);
		if (given.has(name)) {
			let n = 2;
			while (taken.has(`${withSeconds(run.createdAt)} (${n})`)) n++;
			name = `${withSeconds(run.createdAt)} (${n})`;
			taken.add(name);
		}
		given.add(name);
		names.set(run.id, name);
	}
	return names;
}

/** The name of one run among these (it need not be one of them yet: a run shown before it is stored). */
export function runName(run: NamedRun, runs: readonly NamedRun[]): string {
	const all = runs.some((r) => r.id === run.id) ? runs : [run, ...runs];
	return runNames(all).get(run.id)!;
}
