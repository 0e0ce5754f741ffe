/** The customer list's filters and sort order, and the rows they select. */
import { DEFAULT_QUERY, distinctValues, queryCustomers, type CustomerQuery, type SortKey } from '../core/customers';
import type { Workspace } from './workspace.svelte';

export class CustomerList {
	query = $state<CustomerQuery>({ ...DEFAULT_QUERY });
	/**
	 * Where the table was left: how far its box was scrolled and the customer last opened from it, so Back from
	 * that customer's page returns there. Plain, not state: nothing is drawn from it.
	 */
	left = { top: 0, left: 0, opened: '' };
	/** Set by the customer page's "← All customers", which goes back to the list as Back does; cleared when read. */
	returning = false;
	#workspace: Workspace;

	constructor(workspace: Workspace) {
		this.#workspace = workspace;
	}

	/** Indexes into the current view, filtered and sorted. */
	rows: Uint32Array = $derived.by(() => {
		const view = this.#workspace.view;
		const result = this.#workspace.scoring.result;
		const roles = this.#workspace.dataset?.meta.roles;
		if (!view || !result || !roles) return new Uint32Array(0);
		return queryCustomers(view.table, roles, result, $state.snapshot(this.query) as CustomerQuery, view.asOf);
	});

	segments: string[] = $derived(this.#options('segment'));
	owners: string[] = $derived(this.#options('owner'));

	#options(role: 'segment' | 'owner'): string[] {
		const view = this.#workspace.view;
		return view ? distinctValues(view.table, this.#workspace.dataset?.meta.roles[role]) : [];
	}

	/** Sorts by the key; sorting by the same key again reverses the order. Scores start lowest first (who needs help). */
	sortBy(key: SortKey): void {
		const same = JSON.stringify(key) === JSON.stringify(this.query.sort);
		this.query.descending = same ? !this.query.descending : key.by === 'arr';
		this.query.sort = key;
	}

	isSortedBy(key: SortKey): 'ascending' | 'descending' | undefined {
		if (JSON.stringify(key) !== JSON.stringify(this.query.sort)) return undefined;
		return this.query.descending ? 'descending' : 'ascending';
	}
}
