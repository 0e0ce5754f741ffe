/**
 * A scorecard as one SQL query (CTEs, window functions) computing the app's sub-scores, score, band and
 * contributions over a table of the mapped columns. Same arithmetic as score.ts / normalize.ts, step by step:
 *
 * source → cleaned (numbers as doubles, NaN/±Infinity and '' missing) → ranked (window counts for
 * percentile ranks) → normalized (sub-scores) → ordered (middle rows for medians) → filled (missing-value
 * policies) → totals (weights that count, weighted sum) → the result.
 *
 * Column names come from users' files: every identifier is quoted ("a""b"), every string escaped ('it''s'),
 * and names that appear in comments have line breaks escaped, so no name can end a comment or a literal.
 */
import { CANONICAL_COLUMNS } from './assemble';
import { assertScorecard } from './check';
import type { DatasetRoles } from './dataset';
import type { Scorecard } from './scorecard';
import type { ColumnKind } from './table';
import { describeNormalization } from './scorecard-diff';
import { DOUBLE, commentText, numberLiteral, outputName, quoteIdent, quoteString, subScore, type Plan } from './sql-expressions';
import { keysOf as metricKeys } from './metric-columns';

export { numberLiteral, quoteIdent, quoteString } from './sql-expressions';

/** Options of {@link scorecardSql}. */
export interface SqlOptions {
	/** The table to read, e.g. `customers` or `analytics.customers` (each dot-separated part is quoted). */
	table: string;
	/** What each column the scorecard reads holds in the workspace: numbers or categories. */
	columnKinds: Readonly<Record<string, ColumnKind>>;
	/**
	 * The workspace's role columns. The table has them under their canonical names (customer_id, segment, arr,
	 * as_of, …; see CANONICAL_COLUMNS), and the result passes id, name, segment, owner, ARR and as-of through.
	 */
	roles: DatasetRoles;
	/** Rank and take medians within each as-of date (default when roles.asOf is set), so every snapshot scores as the app scores its latest. */
	bySnapshot?: boolean;
	/** A line saying where the query came from (e.g. app version and date); written as a comment. */
	generatedBy?: string;
}

const PASSED_ROLES = ['id', 'name', 'segment', 'owner', 'arr', 'asOf'] as const;

/**
 * The score as the app shows it and bands it, to one decimal: core/shown-score's floor(s × 10 + 0.5) / 10 in
 * the same double operations (not ROUND, whose half-way rule differs between databases and types).
 */
export const SHOWN_SCORE = 'FLOOR(score * 10 + 0.5) / 10';

/** Where DuckDB, PostgreSQL, BigQuery and Snowflake differ for this query. */
export const DIALECT_NOTES: readonly string[] = [
	'DuckDB and PostgreSQL run the query as it is.',
	'Snowflake runs it as it is; quoted names are case-sensitive there, so a table created with unquoted names has them in UPPER case: quote them that way or create the table with quoted lower-case names. Snowflake reads a backslash in a string literal as an escape: a category value with a backslash needs it doubled.',
	'BigQuery: replace the double quotes around names with backquotes (`name`; a name with a backquote cannot be written) and DOUBLE PRECISION with FLOAT64; string literals escape a quote as \\\' instead of \'\'.',
	'Category columns must be text with the values as the app shows them (yes/no columns as \'Yes\' / \'No\'); number columns numeric. An empty text counts as missing, like in the app; so do NaN and ±Infinity.',
	'Percentile ranks and medians are taken over the rows of the table (per as-of date when the table has one): filter the table first to score a subset as its own population.'
];

/** The SQL name of a column: its canonical name when a role claims it. */
function sqlColumnName(column: string, roles: DatasetRoles): string {
	for (const role of Object.keys(CANONICAL_COLUMNS) as (keyof DatasetRoles)[]) if (roles[role] === column) return CANONICAL_COLUMNS[role];
	return column;
}

/** What every scorecard's part of the query shares. */
interface Context {
	options: SqlOptions;
	passed: string[];
	bySnapshot: boolean;
	over: (order?: string) => string;
	table: string;
}

function planMetrics(scorecard: Scorecard, { roles, columnKinds }: SqlOptions): Plan[] {
	return scorecard.metrics.map((metric, i) => {
		const kind = Object.hasOwn(columnKinds, metric.column) ? columnKinds[metric.column] : undefined;
		if (kind !== 'number' && kind !== 'category')
			throw new Error(`Metric "${metric.label}": column "${metric.column}" ${kind ? 'holds text, which cannot be scored' : 'is not in the data'}`);
		if (kind === 'category' && metric.normalization.kind !== 'category')
			throw new Error(`Metric "${metric.label}": column "${metric.column}" holds categories; score it with category points, not ${metric.normalization.kind}`);
		return { k: i + 1, metric, column: quoteIdent(sqlColumnName(metric.column, roles)), kind };
	});
}

/**
 * One scorecard's CTEs, named with `prefix`, over the rows `where` keeps; the last, `<prefix>scored`, has
 * the passed columns, f_k (sub-scores after the policy), weight_total and score. Returns the CTEs and, per
 * metric, its sub-score and contribution expressions over `<prefix>scored`, plus the band expressions.
 */
function pipeline(scorecard: Scorecard, plans: Plan[], ctx: Context, prefix: string, where: string | null) {
	const { passed, over } = ctx;
	const all = (name: string) => plans.map((p) => `${name}_${p.k}`);
	const percentile = plans.filter((p) => p.metric.normalization.kind === 'percentile');
	const median = plans.filter((p) => p.metric.missing.kind === 'median');

	const source = plans.map((p) => `${p.kind === 'number' ? `CAST(${p.column} AS ${DOUBLE})` : p.column} AS v_${p.k}`);
	const cleaned = plans.map((p) => (p.kind === 'number' ? `CASE WHEN v_${p.k} - v_${p.k} = 0 THEN v_${p.k} END AS v_${p.k}` : `NULLIF(v_${p.k}, '') AS v_${p.k}`));
	const ranked = percentile.flatMap(({ k }) => [
		`RANK() ${over(`v_${k} NULLS LAST`)} - 1 AS below_${k}`,
		`COUNT(v_${k}) ${over(`v_${k} NULLS LAST`)} AS upto_${k}`,
		`COUNT(v_${k}) ${over()} AS present_${k}`
	]);
	const normalized = plans.map((p) => `${subScore(p)} AS s_${p.k}`);
	const ordered = median.flatMap(({ k }) => [
		`CASE WHEN s_${k} IS NOT NULL AND 2 * ROW_NUMBER() ${over(`s_${k} NULLS LAST`)} BETWEEN COUNT(s_${k}) ${over()} AND COUNT(s_${k}) ${over()} + 2 THEN s_${k} END AS middle_${k}`
	]);
	const filled = plans.map(({ k, metric }) => {
		const m = metric.missing;
		const fill = m.kind === 'zero' ? '0' : m.kind === 'fixed' ? numberLiteral(m.value)
			: m.kind === 'median' ? `MIN(middle_${k}) ${over()} + (MAX(middle_${k}) ${over()} - MIN(middle_${k}) ${over()}) / 2` : null;
		return `${fill === null ? `s_${k}` : `COALESCE(s_${k}, ${fill})`} AS f_${k}`;
	});
	const weight = (p: Plan) => numberLiteral(p.metric.weight);
	const totals = [
		`${plans.map((p) => `CASE WHEN f_${p.k} IS NULL THEN 0 ELSE ${weight(p)} END`).join('\n\t\t\t+ ')} AS weight_total`,
		`${plans.map((p) => `COALESCE(${weight(p)} * f_${p.k}, 0)`).join('\n\t\t\t+ ')} AS weighted`
	];
	const bands = scorecard.bands;
	const bandOf = (field: 'label' | 'action') =>
		`CASE WHEN score IS NULL THEN NULL${bands.map((_, i) => bands.length - 1 - i).filter((i) => i > 0).map((i) => ` WHEN ${SHOWN_SCORE} >= ${numberLiteral(bands[i].min)} THEN ${quoteString(bands[i][field])}`).join('')} ELSE ${quoteString(bands[0][field])} END AS ${field === 'label' ? 'band' : 'recommended_action'}`;
	const metrics = plans.map((p) => ({
		plan: p,
		subScore: `f_${p.k}`,
		contribution: p.metric.weight > 0 ? `CASE WHEN f_${p.k} IS NOT NULL AND weight_total > 0 THEN (${weight(p)} * f_${p.k}) / weight_total ELSE 0 END` : '0'
	}));
	const cte = (name: string, from: string, columns: string[], filter: string | null = null) =>
		`${prefix}${name} AS (\n\tSELECT\n\t\t${[...passed, ...columns].join(',\n\t\t')}\n\tFROM ${from}${filter ? `\n\tWHERE ${filter}` : ''}\n)`;
	const ctes = [
		cte('source', ctx.table, source, where),
		cte('cleaned', `${prefix}source`, cleaned),
		cte('ranked', `${prefix}cleaned`, [...all('v'), ...ranked]),
		cte('normalized', `${prefix}ranked`, normalized),
		cte('ordered', `${prefix}normalized`, [...all('s'), ...ordered]),
		cte('filled', `${prefix}ordered`, filled),
		cte('totals', `${prefix}filled`, [...all('f'), ...totals]),
		cte('scored', `${prefix}totals`, [...all('f'), 'weight_total', 'CASE WHEN weight_total > 0 THEN weighted / weight_total END AS score'])
	];
	return { ctes, metrics, band: bandOf('label'), action: bandOf('action') };
}

function context(options: SqlOptions): Context {
	const { roles } = options;
	const bySnapshot = Boolean(roles.asOf) && (options.bySnapshot ?? true);
	return {
		options,
		passed: PASSED_ROLES.filter((r) => roles[r]).map((r) => quoteIdent(CANONICAL_COLUMNS[r])),
		bySnapshot,
		over: (order?: string) => `OVER (${[bySnapshot ? `PARTITION BY ${quoteIdent(CANONICAL_COLUMNS.asOf)}` : '', order ? `ORDER BY ${order}` : ''].filter(Boolean).join(' ')})`,
		table: options.table.split('.').map((part) => quoteIdent(part.trim())).join('.')
	};
}

function orderBy(ctx: Context): string {
	return `ORDER BY ${[quoteIdent(CANONICAL_COLUMNS.id), ...(ctx.bySnapshot ? [quoteIdent(CANONICAL_COLUMNS.asOf)] : [])].join(', ')};\n`;
}

/**
 * The query. Throws when the scorecard has errors, or a metric's column is text or unknown (checkScorecard's
 * messages, with the metric's name). With `segments`, see {@link scorecardSetSql}.
 */
export function scorecardSql(scorecard: Scorecard, options: SqlOptions): string {
	assertScorecard(scorecard);
	const ctx = context(options);
	const plans = planMetrics(scorecard, options);
	const { ctes, metrics, band, action } = pipeline(scorecard, plans, ctx, '', null);
	const outputs = metrics.flatMap(({ plan, subScore, contribution }) => {
		const name = outputName(plan);
		return [`${subScore} AS ${quoteIdent('sub_score_' + name)}`, `${contribution} AS ${quoteIdent('contribution_' + name)}`];
	});
	return [
		...header(scorecard, plans, options, ctx.bySnapshot),
		'WITH',
		ctes.join(',\n'),
		`SELECT\n\t${[...ctx.passed, 'score', band, action, ...outputs].join(',\n\t')}\nFROM scored\n${orderBy(ctx)}`
	].join('\n');
}

/**
 * A default scorecard and segment scorecards as one query, as the app scores them: a customer whose segment
 * has a scorecard is scored by it, everyone else (no segment, or one without a scorecard) by the default, and
 * each scorecard's customers are the population of its percentile ranks and medians (per as-of date). One
 * part per scorecard, joined with UNION ALL; a `scorecard` column names the one used; sub-score and
 * contribution columns are the union of the metrics by label (NULL where a scorecard lacks the metric).
 */
export function scorecardSetSql(scorecard: Scorecard, segments: readonly { segment: string; scorecard: Scorecard }[], options: SqlOptions): string {
	if (segments.length === 0) return scorecardSql(scorecard, options);
	if (!options.roles.segment) throw new Error('The data has no segment column, so segment scorecards cannot be told apart.');
	const cards = [scorecard, ...segments.map((s) => s.scorecard)];
	cards.forEach((c) => assertScorecard(c));
	const ctx = context(options);
	const segmentColumn = quoteIdent(CANONICAL_COLUMNS.segment);
	const listed = segments.map((s) => quoteString(s.segment)).join(', ');
	// A metric's column is its label and which metric of that label it is in its scorecard (labels can repeat).
	const keysOf = cards.map(metricKeys);
	const keys: string[] = [];
	for (const cardKeys of keysOf) for (const key of cardKeys) if (!keys.includes(key)) keys.push(key);
	const labels = keys.map((key) => (JSON.parse(key) as [string, number])[0]);
	const names = labels.map((l, n) => {
		const slug = l.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase().slice(0, 32);
		return slug ? `${n + 1}_${slug}` : String(n + 1);
	});
	const parts = cards.map((card, i) => {
		const prefix = i === 0 ? 'default_' : `segment_${i}_`;
		const where = i === 0 ? `${segmentColumn} IS NULL OR ${segmentColumn} NOT IN (${listed})` : `${segmentColumn} = ${quoteString(segments[i - 1].segment)}`;
		const { ctes, metrics, band, action } = pipeline(card, planMetrics(card, options), ctx, prefix, where);
		const columns = keys.flatMap((key, n) => {
			const m = metrics[keysOf[i].indexOf(key)];
			return [`${m ? m.subScore : `CAST(NULL AS ${DOUBLE})`} AS ${quoteIdent('sub_score_' + names[n])}`, `${m ? m.contribution : `CAST(NULL AS ${DOUBLE})`} AS ${quoteIdent('contribution_' + names[n])}`];
		});
		const select = `SELECT\n\t${[...ctx.passed, 'score', band, action, `${quoteString(card.name)} AS scorecard`, ...columns].join(',\n\t')}\nFROM ${prefix}scored`;
		return { ctes, select };
	});
	const plans = planMetrics(scorecard, options);
	return [
		...header(scorecard, plans, options, ctx.bySnapshot),
		...segments.map((s, i) => `-- Segment "${commentText(s.segment)}": scorecard "${commentText(s.scorecard.name)}" (part segment_${i + 1}); every other customer: the default scorecard above.`),
		'WITH',
		parts.flatMap((p) => p.ctes).join(',\n'),
		parts.map((p) => p.select).join('\nUNION ALL\n'),
		orderBy(ctx)
	].join('\n');
}

function header(scorecard: Scorecard, plans: Plan[], options: SqlOptions, bySnapshot: boolean): string[] {
	const roleLines = PASSED_ROLES.filter((r) => options.roles[r]).map((r) => `--   ${CANONICAL_COLUMNS[r]}${options.roles[r] !== CANONICAL_COLUMNS[r] ? `  (your "${commentText(options.roles[r]!)}")` : ''}`);
	const metricLines = plans.map(({ k, metric, kind }) =>
		`--   ${k}. ${commentText(metric.label || metric.id)}: column "${commentText(sqlColumnName(metric.column, options.roles))}" (${kind === 'number' ? 'number' : 'text'}), weight ${metric.weight}, ${commentText(describeNormalization(metric.normalization))}, missing: ${metric.missing.kind}${metric.missing.kind === 'fixed' ? ` ${metric.missing.value}` : ''}`);
	return [
		`-- Checkup health score: ${commentText(scorecard.name)}`,
		...(options.generatedBy ? [`-- ${commentText(options.generatedBy)}`] : []),
		'-- One row per row of the table: score (0-100, NULL = nothing to score), band, recommended_action, and per metric its',
		'-- sub-score after the missing-value policy (sub_score_*) and the points it adds to the score (contribution_*).',
		'-- The band goes by the score as Checkup shows it, to one decimal: 69.96 shows as 70.0 and is in a band from 70.',
		`-- Reads the table ${commentText(options.table)} with these columns:`,
		...roleLines,
		...metricLines,
		bySnapshot ? '-- Percentile ranks and medians are taken within each as-of date: every snapshot is scored as its own portfolio.' : '-- Percentile ranks and medians are taken over the whole table.',
		'-- Dialects:',
		...DIALECT_NOTES.map((note) => `--   ${note}`)
	];
}
