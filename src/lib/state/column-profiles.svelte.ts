/**
 * The Data page's column profiles and account count, worked out in a worker (profile.worker.ts) one column at
 * a time: the page only copies one column per task to post it, so a million-row table never freezes it (on
 * the page, profiling it was a 2.4 s task and counting its accounts 0.66 s).
 */
import type { DatasetMeta } from '../core/dataset';
import type { Profile } from '../core/profile';
import type { Table } from '../core/table';
import { packText } from '../core/text-values';
import { wireColumn, type FromProfileWorker, type ToProfileWorker } from '../workers/profile-protocol';

/** The part of a Worker this uses (tests pass one that answers in node). */
export interface ProfileWorker {
	postMessage(message: ToProfileWorker, transfer?: Transferable[]): void;
	onmessage: ((event: MessageEvent<FromProfileWorker>) => void) | null;
	onerror: ((event: ErrorEvent) => void) | null;
	terminate(): void;
}

export function profileWorker(): ProfileWorker {
	return new Worker(new URL('../workers/profile.worker.ts', import.meta.url), { type: 'module' });
}

export interface ColumnProfile {
	name: string;
	profile: Profile;
}

export class ColumnProfiles {
	/** The profiles so far, in the dataset's column order. */
	rows = $state.raw<ColumnProfile[]>([]);
	status = $state<'idle' | 'working' | 'done' | 'failed'>('idle');
	error = $state<string | null>(null);
	/** Distinct accounts and how many churned, once counted, with the table they were counted in. */
	accounts = $state.raw<{ table: Table; accounts: number; churned: number } | null>(null);
	counting = $state(false);

	readonly #start: () => ProfileWorker;
	#worker: ProfileWorker | null = null;
	#next = 0;
	#waiting = new Map<number, (reply: FromProfileWorker) => void>();
	/** The table profiled (or being profiled) and the one counted: asking again for the same does nothing. */
	#profiled: Table | null = null;
	#counted: Table | null = null;

	constructor(start: () => ProfileWorker = profileWorker) {
		this.#start = start;
	}

	/** Profiles every column of `table` in `meta`'s order, unless this table is already done or under way. */
	async profile(meta: DatasetMeta, table: Table): Promise<void> {
		if (this.#profiled === table) return;
		this.#profiled = table;
		this.rows = [];
		this.error = null;
		this.status = 'working';
		for (const { name } of meta.columns) {
			const column = table.columns[name];
			if (!column) continue;
			const [wire, transfer] = wireColumn(column);
			const reply = await this.#ask({ type: 'profile', requestId: this.#next++, column: wire }, transfer);
			if (this.#profiled !== table) return;
			if (reply.type !== 'profiled') return this.#fail(table, reply, 'profile the columns');
			this.rows = [...this.rows, { name, profile: reply.profile }];
		}
		this.status = 'done';
	}

	/** Counts distinct accounts in the text ID column and those with a row whose outcome is Yes. */
	async count(meta: DatasetMeta, table: Table): Promise<void> {
		if (this.#counted === table) return;
		const ids = meta.roles.id ? table.columns[meta.roles.id] : undefined;
		const outcome = meta.roles.outcome ? table.columns[meta.roles.outcome] : undefined;
		if (ids?.kind !== 'text' || outcome?.kind !== 'category') return;
		this.#counted = table;
		this.accounts = null;
		this.counting = true;
		const packed = packText(ids.values);
		const codes = outcome.codes.slice();
		const reply = await this.#ask({ type: 'accounts', requestId: this.#next++, ids: packed, outcome: codes, yes: outcome.levels.indexOf('Yes') }, [packed.ends.buffer as ArrayBuffer, codes.buffer]);
		if (this.#counted !== table) return;
		this.counting = false;
		if (reply.type === 'accounts') this.accounts = { table, accounts: reply.accounts, churned: reply.churned };
		else this.#fail(table, reply, 'count the accounts');
	}

	/** Stops the worker; what was shown stays. */
	dispose(): void {
		this.#worker?.terminate();
		this.#worker = null;
		this.#profiled = null;
		this.#counted = null;
		for (const resolve of this.#waiting.values()) resolve({ type: 'error', requestId: -1, message: 'stopped' });
		this.#waiting.clear();
	}

	/** Shows the failure; asking again for the same table tries again. */
	#fail(table: Table, reply: FromProfileWorker, what: string): void {
		if (this.#profiled === table) {
			this.status = 'failed';
			this.#profiled = null;
		}
		if (this.#counted === table) this.#counted = null;
		this.counting = false;
		this.error = `Checkup could not ${what}: ${reply.type === 'error' ? reply.message : 'unexpected answer'}`;
	}

	#ask(message: ToProfileWorker, transfer: Transferable[]): Promise<FromProfileWorker> {
		const worker = this.#ensureWorker();
		return new Promise((resolve) => {
			this.#waiting.set(message.requestId, resolve);
			worker.postMessage(message, transfer);
		});
	}

	#ensureWorker(): ProfileWorker {
		if (this.#worker) return this.#worker;
		const worker = this.#start();
		worker.onmessage = (event) => {
			const resolve = this.#waiting.get(event.data.requestId);
			this.#waiting.delete(event.data.requestId);
			resolve?.(event.data);
		};
		worker.onerror = (event) => {
			event.preventDefault?.();
			const message = event.message || 'the worker failed';
			for (const resolve of this.#waiting.values()) resolve({ type: 'error', requestId: -1, message });
			this.#waiting.clear();
			this.#worker?.terminate();
			this.#worker = null;
		};
		this.#worker = worker;
		return worker;
	}
}
