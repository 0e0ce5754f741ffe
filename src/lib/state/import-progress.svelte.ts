/** How far reading a file has got, as the import shows it: rows, bytes, share, speed, and whether it has stalled. */
import type { ImportProgress } from '../workers/protocol';

/** Parsing progress as shown: rows, bytes, share of the file (0–1) and speed. */
export interface ParseProgress extends ImportProgress {
	share: number;
	elapsedMs: number;
	rowsPerSecond: number;
}

/**
 * Seconds without a row or byte more read after which the page says reading has stalled (progress comes ten
 * times a second while it moves). Reading goes on: a file on a network drive or a disk waking up may resume.
 */
export const STALL_SECONDS = 15;

/** The figures shown for `p`, `elapsedMs` after reading started. */
export function parseProgress(p: ImportProgress, elapsedMs: number): ParseProgress {
	return {
		rows: p.rows,
		bytes: p.bytes,
		totalBytes: p.totalBytes,
		share: p.totalBytes > 0 ? Math.min(1, p.bytes / p.totalBytes) : 1,
		elapsedMs,
		rowsPerSecond: elapsedMs > 0 ? (p.rows / elapsedMs) * 1000 : 0
	};
}

/** The progress of one reading at a time, on a clock; `reading` says whether it is still under way. */
export class ReadingProgress {
	progress = $state.raw<ParseProgress | null>(null);
	/** While reading: seconds since it last got further, once that is STALL_SECONDS or more; else null. */
	stalledSeconds = $state<number | null>(null);

	#now: () => Date;
	#reading: () => boolean;
	#startedAt = 0;
	/** When reading last got further (#now's milliseconds), and the timer that looks whether it has stalled. */
	#advancedAt = 0;
	#watch: ReturnType<typeof setInterval> | null = null;

	constructor(now: () => Date, reading: () => boolean) {
		this.#now = now;
		this.#reading = reading;
	}

	/** Starts a reading of `totalBytes` at nought, and watches it for stalls; returns its start (#now's milliseconds). */
	start(totalBytes: number): number {
		this.progress = { rows: 0, bytes: 0, totalBytes, share: 0, elapsedMs: 0, rowsPerSecond: 0 };
		this.#startedAt = this.#now().getTime();
		this.#watchForStall();
		return this.#startedAt;
	}

	/** Takes the worker's progress; a row or byte more is no stall. */
	advance(p: ImportProgress): void {
		if (!this.progress || p.rows > this.progress.rows || p.bytes > this.progress.bytes) {
			this.#advancedAt = this.#now().getTime();
			this.stalledSeconds = null;
		}
		this.progress = this.#at(p);
	}

	/** Reading ended with `rows` rows: the whole file read, the watch stopped. */
	finish(rows: number): void {
		const totalBytes = this.progress?.totalBytes ?? 0;
		this.progress = this.#at({ rows, bytes: totalBytes, totalBytes });
		this.stop();
	}

	/** No reading: no figures, no watch. */
	clear(): void {
		this.stop();
		this.progress = null;
	}

	/** Stops watching for stalls (the figures stay). */
	stop(): void {
		if (this.#watch !== null) clearInterval(this.#watch);
		this.#watch = null;
		this.stalledSeconds = null;
	}

	#at(p: ImportProgress): ParseProgress {
		return parseProgress(p, Math.max(0, this.#now().getTime() - this.#startedAt));
	}

	/** Looks every second, while reading, whether it has got further in the last STALL_SECONDS; stops on its own once reading has ended. */
	#watchForStall(): void {
		this.stop();
		this.#advancedAt = this.#now().getTime();
		this.#watch = setInterval(() => {
			if (!this.#reading()) return this.stop();
			const seconds = Math.floor((this.#now().getTime() - this.#advancedAt) / 1000);
			this.stalledSeconds = seconds >= STALL_SECONDS ? seconds : null;
			// The elapsed time and speed go on with the clock, so a stalled reading's speed falls instead of standing still.
			if (this.stalledSeconds !== null && this.progress) this.progress = this.#at(this.progress);
		}, 1000);
	}
}
