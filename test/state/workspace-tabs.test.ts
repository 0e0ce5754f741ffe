/** Two tabs: a tab that still shows the demo must not wipe another tab's imports when it imports. */
import { describe, expect, it } from 'vitest';
import { defaultScorecardFor, toDataset } from '../../src/lib/core/csv/dataset';
import type { ColumnMapping } from '../../src/lib/core/csv/types';
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import type { Column } from '../../src/lib/core/table';
import { listDatasets } from '../../src/lib/db';
import { indexedDbStore } from '../../src/lib/state/store';
import { Workspace } from '../../src/lib/state/workspace.svelte';
import { testDatabase } from '../db/helpers';

const demo = () => ({ dataset: generateDemo(), scorecard: demoScorecard() });

function imported(fileName: string, importedAt: string, asOf: string) {
	const columns: Record<string, Column> = { id: { kind: 'text', values: ['C1', 'C2', 'C3'] }, logins: { kind: 'number', values: Float64Array.from([1, 5, 9]) } };
	const mapping: ColumnMapping[] = [
		{ index: 0, name: 'id', role: 'id', type: 'text' },
		{ index: 1, name: 'logins', role: 'metric', type: 'number' }
	];
	const parsed = { rowCount: 3, columns, sourceRows: new Int32Array(3), problems: [], problemCount: 0, rowsRead: 3, rowsSkipped: 0 };
	const dataset = toDataset(parsed, mapping, { id: `file-${Date.parse(importedAt)}`, fileName, importedAt, asOf, fileSize: 100 });
	return { dataset, scorecard: defaultScorecardFor(dataset, mapping) };
}

describe('two tabs and the first import', { timeout: 60_000 }, () => {
	it('an import in a tab opened before another tab’s first import is refused instead of deleting that import', async () => {
		const { db, reopen } = testDatabase('rv-two-tabs-import');
		const a = new Workspace({ store: indexedDbStore(db), demo, saveDelay: 0 });
		await a.init();
		const b = new Workspace({ store: indexedDbStore(reopen()), demo, saveDelay: 0 });
		await b.init();
		const jan = imported('jan.csv', '2026-01-10T10:00:00.000Z', '2026-01-01');
		await a.addImport(jan.dataset, jan.scorecard); // tab A: the demo is replaced by January
		a.scorecard!.metrics[0].weight = 7;
		await a.saveVersion('tab A: tuned');
		const feb = imported('feb.csv', '2026-02-10T10:00:00.000Z', '2026-02-01');
		// Tab B still shows only the demo: its import is refused, saying why, and tab A's work is kept.
		await expect(b.addImport(feb.dataset, feb.scorecard)).rejects.toThrow(/changed in another tab .* nothing was imported here: reload this page/);
		expect((await listDatasets(db)).map((d) => d.name)).toEqual(['jan.csv']);
		expect((await reopen().versions.toArray()).map((v) => v.note)).toContain('tab A: tuned');
		expect(b.imports.map((m) => m.name)).toEqual([generateDemo().meta.name]); // tab B shows what it showed
		a.dispose();
		b.dispose();
	});
});
