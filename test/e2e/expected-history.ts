/**
 * The demo's history worked out in node straight from the engine, snapshot by snapshot (no history module, no
 * state, no storage): each snapshot's rows scored on their own, as the app scores a snapshot's population.
 */
import { demoScorecard, generateDemo } from '../../src/lib/core/demo';
import { summarizePortfolio } from '../../src/lib/core/portfolio';
import { contributionsOf, scoreTable, type ScoreResult } from '../../src/lib/core/score';
import type { Scorecard } from '../../src/lib/core/scorecard';
import { cell, selectRows, type Table } from '../../src/lib/core/table';

export interface SnapshotScores {
	asOf: string;
	table: Table;
	result: ScoreResult;
	/** Customer ID → row in `table`. */
	rowOf: Map<string, number>;
}

export function demoHistory(scorecard: Scorecard = demoScorecard()) {
	const dataset = generateDemo();
	const { table, meta } = dataset;
	const asOf = table.columns[meta.roles.asOf!];
	const ids = table.columns[meta.roles.id];
	const snapshots: SnapshotScores[] = meta.snapshots.map((date) => {
		const rows: number[] = [];
		for (let i = 0; i < table.rowCount; i++) if (cell(asOf, i) === date) rows.push(i);
		const own = selectRows(table, rows);
		const rowOf = new Map(rows.map((r, j) => [String(cell(ids, r)), j]));
		return { asOf: date, table: own, result: scoreTable(own, scorecard), rowOf };
	});
	const arrOf = (s: SnapshotScores) => {
		const arr = s.table.columns[meta.roles.arr!];
		return arr.kind === 'number' ? arr.values : undefined;
	};
	return {
		dataset,
		scorecard,
		snapshots,
		summaries: snapshots.map((s) => summarizePortfolio(s.result, scorecard.bands, arrOf(s))),
		/** A customer's metrics at one snapshot: raw value and contribution, in scorecard order. */
		metricsAt(s: SnapshotScores, id: string) {
			const j = s.rowOf.get(id)!;
			const points = contributionsOf(s.result, j);
			return scorecard.metrics.map((m, k) => ({ id: m.id, label: m.label, value: cell(s.table.columns[m.column], j), contribution: points[k] }));
		}
	};
}
