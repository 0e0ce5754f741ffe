/**
 * What a browser benchmark watches besides the clock: the main thread's long tasks with the scripts that ran
 * in them, the import's phases as the page shows them, the JS heap, and the tab's resident memory.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';
import type { AppSession } from '../../e2e/browser';

/** A main-thread task of 50 ms or more, on the epoch clock, with what ran in it. */
export interface LongTask {
	start: number;
	duration: number;
	/** The import phase shown when it started (the `.import` panel's data-phase), then any it switched to. */
	phase: string;
	/** Entry points that ran in it, longest first: "IDBRequest.onsuccess 180 ms". */
	scripts: string[];
}

/** A moment the page reached, on the epoch clock. */
export interface Mark {
	name: string;
	at: number;
}

interface PageRecord {
	origin: number;
	tasks: { start: number; duration: number }[];
	frames: { start: number; end: number; scripts: { name: string; start: number; duration: number }[] }[];
	marks: { name: string; at: number }[];
}

/**
 * Starts recording in the page: long tasks, long animation frames (for their scripts), every change of the
 * import panel's phase, and the moment `[data-testid=kpi-customers]` first reads `customers`.
 */
export async function startRecording(page: Page, customers: string): Promise<void> {
	await page.evaluate((wanted) => {
		type Frame = PerformanceEntry & { scripts: { invoker: string; startTime: number; duration: number; sourceFunctionName: string }[] };
		const w = window as unknown as { __bench?: PageRecord & { stop(): void } };
		w.__bench?.stop();
		const record: PageRecord = { origin: performance.timeOrigin, tasks: [], frames: [], marks: [] };
		const tasks = new PerformanceObserver((list) => {
			for (const e of list.getEntries()) record.tasks.push({ start: e.startTime, duration: e.duration });
		});
		tasks.observe({ type: 'longtask' });
		const frames = new PerformanceObserver((list) => {
			for (const e of list.getEntries() as Frame[]) {
				const scripts = e.scripts.map((s) => ({ name: s.sourceFunctionName ? `${s.invoker} → ${s.sourceFunctionName}` : s.invoker, start: s.startTime, duration: s.duration }));
				record.frames.push({ start: e.startTime, end: e.startTime + e.duration, scripts });
			}
		});
		frames.observe({ type: 'long-animation-frame' });
		let phase = '';
		let shown = false;
		const look = () => {
			const now = performance.now();
			const current = document.querySelector('.import')?.getAttribute('data-phase') ?? '';
			if (current && current !== phase) record.marks.push({ name: current, at: now });
			phase = current || phase;
			if (!shown && document.querySelector('[data-testid=kpi-customers]')?.textContent === wanted) {
				shown = true;
				record.marks.push({ name: 'overview', at: now });
			}
		};
		const mutations = new MutationObserver(look);
		mutations.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-phase'], characterData: true });
		look();
		w.__bench = Object.assign(record, {
			stop() {
				tasks.disconnect();
				frames.disconnect();
				mutations.disconnect();
			}
		});
	}, customers);
}

/** Stops recording; the long tasks with their phase and scripts, and the page's marks, on the epoch clock. */
export async function stopRecording(page: Page): Promise<{ tasks: LongTask[]; marks: Mark[] }> {
	// Long-task entries are delivered after the task; give the last one a moment to arrive.
	await page.waitForTimeout(200);
	const record = await page.evaluate(() => {
		const w = window as unknown as { __bench: PageRecord & { stop(): void } };
		w.__bench.stop();
		const { origin, tasks, frames, marks } = w.__bench;
		return { origin, tasks, frames, marks };
	});
	const epoch = (t: number) => record.origin + t;
	const marks = record.marks.map((m) => ({ name: m.name, at: epoch(m.at) }));
	const tasks = record.tasks.map(({ start, duration }): LongTask => {
		const end = start + duration;
		const scripts = record.frames
			.filter((f) => f.start < end && f.end > start)
			.flatMap((f) => f.scripts)
			.filter((s) => s.start < end && s.start + s.duration > start && s.duration >= 5)
			.sort((a, b) => b.duration - a.duration)
			.slice(0, 3)
			.map((s) => `${s.name} ${Math.round(s.duration)} ms`);
		// The phase it started in, and the ones it brought about ("report→committing": the Import click).
		const before = [...marks].reverse().find((m) => m.at <= epoch(start))?.name ?? '(before)';
		const during = marks.filter((m) => m.at > epoch(start) && m.at <= epoch(end)).map((m) => m.name);
		const phase = [before, ...during].join('→');
		return { start: epoch(start), duration, phase, scripts };
	});
	return { tasks, marks };
}

/** Peak JS heap of the page's main thread, sampled every `intervalMs` (a blocked thread answers late). */
export class HeapSampler {
	#cdp: CDPSession;
	#timer: ReturnType<typeof setInterval> | null = null;
	#busy = false;
	/** Largest used JS heap seen, bytes. */
	peakUsed = 0;
	/** Largest ArrayBuffer backing store seen (typed arrays live there, outside the JS heap), bytes. */
	peakBacking = 0;

	private constructor(cdp: CDPSession) {
		this.#cdp = cdp;
	}

	static async attach(app: AppSession): Promise<HeapSampler> {
		return new HeapSampler(await app.context.newCDPSession(app.page));
	}

	async sample(): Promise<{ used: number; backing: number }> {
		const usage = (await this.#cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
		const backing = usage.backingStorageSize ?? 0;
		this.peakUsed = Math.max(this.peakUsed, usage.usedSize);
		this.peakBacking = Math.max(this.peakBacking, backing);
		return { used: usage.usedSize, backing };
	}

	start(intervalMs = 250): void {
		this.peakUsed = 0;
		this.peakBacking = 0;
		this.#timer = setInterval(() => {
			if (this.#busy) return;
			this.#busy = true;
			this.sample().catch(() => {}).finally(() => (this.#busy = false));
		}, intervalMs);
	}

	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
	}

	/** The heap after a full garbage collection: what the page keeps. */
	async retained(): Promise<{ used: number; backing: number }> {
		await this.#cdp.send('HeapProfiler.collectGarbage');
		return this.sample();
	}
}

/** The processes of the Chromium that uses `userDataDir`: its browser process and every process it started. Linux only. */
function chromiumProcesses(userDataDir: string): { pid: string; type: string }[] {
	const pids = readOr(() => readdirSync('/proc').filter((n) => /^\d+$/.test(n)), []);
	const parent = new Map<string, string>();
	const cmdlines = new Map<string, string>();
	for (const pid of pids) {
		try {
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			parent.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			cmdlines.set(pid, readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
		} catch {
			// The process ended while we looked.
		}
	}
	const browser = pids.find((pid) => cmdlines.get(pid)?.includes(`--user-data-dir=${userDataDir}`) && !cmdlines.get(pid)?.includes('--type='));
	if (!browser) return [];
	const descends = (pid: string): boolean => {
		for (let p = parent.get(pid); p && p !== '0'; p = parent.get(p)) if (p === browser) return true;
		return false;
	};
	const out = [{ pid: browser, type: 'browser' }];
	for (const pid of pids) if (descends(pid)) out.push({ pid, type: cmdlines.get(pid)?.match(/--type=([a-z-]+)/)?.[1] ?? 'other' });
	return out;
}

/**
 * Peak resident memory (VmHWM) of each renderer process of the Chromium that uses `userDataDir`: the tab,
 * its workers included. Linux only; an empty list elsewhere.
 */
export async function rendererPeakMemory(userDataDir: string): Promise<number[]> {
	const peaks: number[] = [];
	for (const { pid, type } of chromiumProcesses(userDataDir)) {
		if (type !== 'renderer') continue;
		const status = readOr(() => readFileSync(`/proc/${pid}/status`, 'utf8'), '');
		const kb = Number(status.match(/^VmHWM:\s+(\d+) kB/m)?.[1] ?? NaN);
		if (kb === kb) peaks.push(kb * 1024);
	}
	return peaks.sort((a, b) => b - a);
}

/**
 * CPU seconds (user + system) used so far by each live thread of a Chromium, by thread id, with its process
 * (id and type) and name (a process's main thread has the process's id and the executable's name); and by each process, the threads that ended (a worker closed) included.
 */
export interface CpuSnapshot {
	threads: Map<string, { pid: string; process: string; thread: string; seconds: number }>;
	processes: Map<string, number>;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const TICKS = 100;

/** utime + stime of a /proc stat line, in seconds (fields 14 and 15 of proc(5); the name in parentheses may hold spaces). */
function statSeconds(stat: string): number {
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/** `read()`, or `fallback` when it throws (a process that ended while we looked; no /proc). */
function readOr<T>(read: () => T, fallback: T): T {
	try {
		return read();
	} catch {
		return fallback;
	}
}

/**
 * The CPU time so far of every process of the Chromium that uses `userDataDir`, and of their threads. Linux
 * only; empty elsewhere. Read at once, when called (a few milliseconds): a snapshot read while the next
 * clicks went on saw the import worker already closed by the commit, once the clicks came as soon as the
 * page was ready.
 */
export async function cpuSnapshot(userDataDir: string): Promise<CpuSnapshot> {
	const snapshot: CpuSnapshot = { threads: new Map(), processes: new Map() };
	for (const { pid, type } of chromiumProcesses(userDataDir)) {
		const own = readOr(() => readFileSync(`/proc/${pid}/stat`, 'utf8'), '');
		if (!own) continue;
		snapshot.processes.set(pid, statSeconds(own));
		for (const tid of readOr(() => readdirSync(`/proc/${pid}/task`), [] as string[])) {
			const stat = readOr(() => readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'), '');
			if (stat) snapshot.threads.set(tid, { pid, process: type, thread: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), seconds: statSeconds(stat) });
		}
	}
	return snapshot;
}

/** Where a span's CPU went: the tab's threads by role, and the browser's other processes (IndexedDB's files, IPC) together. */
export interface CpuUse {
	/** Every process, threads that ended included. */
	total: number;
	/** The busiest of the tab's live workers (while importing: the import worker). */
	busiestWorker: number;
	/** The tab's other live workers (storage, scoring). */
	otherWorkers: number;
	/** Threads that ended in between (a worker closed: the bare parse's, a storage worker), in their process's time only. */
	ended: number;
	/** The page's main thread. */
	page: number;
	/** The tab's other threads (V8's garbage collection and compiler helpers, IPC), by thread name. */
	rendererOther: Map<string, number>;
	/** The browser, GPU and utility processes (IndexedDB's database and files, file reading, IPC), by process and thread name. */
	otherProcesses: Map<string, number>;
}

/** The sum of a by-name breakdown. */
export function sumOf(byName: Map<string, number>): number {
	let sum = 0;
	for (const seconds of byName.values()) sum += seconds;
	return sum;
}

function addTo(byName: Map<string, number>, name: string, seconds: number): void {
	byName.set(name, (byName.get(name) ?? 0) + seconds);
}

/** The CPU used between two snapshots of the same browser. */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuUse {
	const use: CpuUse = { total: 0, busiestWorker: 0, otherWorkers: 0, ended: 0, page: 0, rendererOther: new Map(), otherProcesses: new Map() };
	for (const [pid, seconds] of after.processes) use.total += seconds - (before.processes.get(pid) ?? 0);
	const workers: number[] = [];
	let live = 0;
	for (const [tid, { pid, process, thread, seconds }] of after.threads) {
		const used = seconds - (before.threads.get(tid)?.seconds ?? 0);
		live += used;
		if (process !== 'renderer') addTo(use.otherProcesses, `${process}: ${thread}`, used);
		else if (tid === pid) use.page += used;
		else if (thread === 'DedicatedWorker') workers.push(used);
		else addTo(use.rendererOther, thread, used);
	}
	workers.sort((a, b) => b - a);
	use.busiestWorker = workers[0] ?? 0;
	use.otherWorkers = workers.slice(1).reduce((s, x) => s + x, 0);
	use.ended = Math.max(0, use.total - live);
	return use;
}
