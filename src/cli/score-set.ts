/**
 * `checkup score` with segment scorecards: scored by the app's history scoring (core/history.ts) on the latest
 * snapshot, so each customer gets its segment's scorecard (else the default) and each segment's customers are
 * the population of its percentile ranks and medians, exactly as in the app.
 */
import { roleText } from '../lib/core/customers';
import type { Dataset } from '../lib/core/dataset';
import { localDate } from '../lib/core/dates';
import { contributionCell, keptCells, keptColumns, SCORED_CUSTOMER_COLUMNS, toCsv, type CsvValue } from '../lib/core/export-csv';
import { scoreHistory } from '../lib/core/history';
import { layoutOf } from '../lib/core/history-layout';
import { metricColumns } from '../lib/core/metric-columns';
import { currentView } from '../lib/core/portfolio';
import { scorecardsOf, type ScorecardSet } from '../lib/core/scorecard-set';
import { CliError } from './errors';

/**
 * The CSV: the export's columns (the scorecard as the app names it: the segment, or "Default"), then the set's metric
 * columns as the app's Customers export has them (core/metric-columns), empty where the customer's scorecard has no such metric.
 */
export function scoreSet(dataset: Dataset, set: ScorecardSet, names: { data: string; scorecard: string }): { csv: string; messages: string[] } {
	const roles = dataset.meta.roles;
	if (!roles.segment) throw new CliError(`${names.scorecard} has segment scorecards, but ${names.data} has no segment column: name it with --role "<column>=segment".`);
	const view = currentView(dataset);
	const table = view.table;
	const layout = layoutOf(table, roles);
	const version = { id: 'file', number: 1, createdAt: '', note: '', appliesFrom: null, set };
	const { scores, groups } = scoreHistory(table, layout, roles, { versions: [version], overrides: [], today: localDate(new Date()) });
	if (scores.problems.length) throw new CliError(`${names.scorecard} cannot score ${names.data}:\n  ${scores.problems.join('\n  ')}`);
	const cards = scorecardsOf(set);
	const { columns, columnsOf } = metricColumns(cards);
	// Segment scorecards: the scorecard column is kept, as the app keeps it; a role the data lacks is not.
	const kept = keptColumns(roles, true);
	const lines: CsvValue[][] = [[...keptCells<CsvValue>(SCORED_CUSTOMER_COLUMNS, kept), ...columns.flatMap((c) => [`${c.label} sub-score`, `${c.label} contribution`])]];
	const rowLines = new Array<CsvValue[]>(table.rowCount);
	const arr = roles.arr ? table.columns[roles.arr] : undefined;
	for (const { scorecard, rows, result, scorer } of groups) {
		const by = scores.scorers[scorer].segment ?? 'Default';
		const at = columnsOf(scorecard);
		const subScores = scorecard.metrics.map((_, k) => result.subScores(k));
		rows.forEach((i, j) => {
			const band = scorecard.bands[result.band[j]];
			const cells: CsvValue[] = new Array(columns.length * 2).fill(null);
			at.forEach((c, k) => {
				cells[c * 2] = subScores[k][j];
				cells[c * 2 + 1] = contributionCell(result, k, j);
			});
			rowLines[i] = [
				...keptCells<CsvValue>([
					roleText(table, roles.id, i), roleText(table, roles.name, i), result.score[j], band?.label ?? null, band?.action ?? null,
					roleText(table, roles.segment, i), roleText(table, roles.owner, i), arr?.kind === 'number' ? arr.values[i] : null, by, null
				], kept),
				...cells
			];
		});
	}
	for (const line of rowLines) if (line) lines.push(line);
	const used = groups.map((g) => `${g.scorecard.name}: ${g.rows.length.toLocaleString('en-US')}`).join(', ');
	return { csv: toCsv(lines), messages: [`Scored ${view.asOf ? `the latest snapshot, ${view.asOf}` : 'the file'} with ${groups.length} scorecard${groups.length === 1 ? '' : 's'} (customers per scorecard: ${used}).`] };
}
