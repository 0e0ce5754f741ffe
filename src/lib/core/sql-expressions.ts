/** The pieces of the scorecard SQL: quoted names and literals, and each metric's sub-score expression. */
import type { Metric } from './scorecard';

/** A quoted identifier: "a""b". NUL cannot be written in any of the four dialects. */
export function quoteIdent(name: string): string {
	if (name.includes('\0')) throw new Error(`invalid column name; contains a NUL character: ${JSON.stringify(name)}`);
	return `"${name.replace(/"/g, '""')}"`;
}

/** A string literal: 'it''s'. */
export function quoteString(value: string): string {
	if (value.includes('\0')) throw new Error(`invalid text; contains a NUL character: ${JSON.stringify(value)}`);
	return `'${value.replace(/'/g, "''")}'`;
}

/**
 * A number literal that reads back as exactly this double: integers as they are, others in E-notation
 * (a double in DuckDB, Snowflake and BigQuery; an exact numeric in PostgreSQL, converted once).
 */
export function numberLiteral(x: number): string {
	if (!Number.isFinite(x)) throw new Error(`invalid number; not finite: ${x}`);
	const text = Number.isInteger(x) && Math.abs(x) < 1e15 ? String(Object.is(x, -0) ? 0 : x) : x.toExponential();
	return x < 0 ? `(${text})` : text;
}

/** Text for a `--` comment: control characters escaped, so a name cannot end the comment. */
export function commentText(text: string): string {
	return JSON.stringify(text).slice(1, -1);
}

export const DOUBLE = 'DOUBLE PRECISION';

/** One metric's expressions, k = 1, 2, … */
export interface Plan {
	k: number;
	metric: Metric;
	/** The column's SQL name, quoted. */
	column: string;
	kind: 'number' | 'category';
}

/** The sub-score expression of one metric, before its missing-value policy (NULL = no sub-score). */
export function subScore({ k, metric, kind }: Plan): string {
	const v = `v_${k}`;
	const n = metric.normalization;
	const clamp = (x: string) => `CASE WHEN ${x} < 0 THEN 0 WHEN ${x} > 100 THEN 100 ELSE ${x} END`;
	switch (n.kind) {
		case 'linear':
			// Scale as the app computes it, once, in double precision.
			return clamp(`(${v} - ${numberLiteral(n.worst)}) * ${numberLiteral(100 / (n.best - n.worst))}`);
		case 'asIs':
			return clamp(v);
		case 'target': {
			const up = 100 / (n.lo - n.zeroBelow), down = 100 / (n.zeroAbove - n.hi);
			// With lo = zeroBelow every value below lo is at or below zeroBelow: the slope is never used.
			const rising = Number.isFinite(up) ? `(${v} - ${numberLiteral(n.zeroBelow)}) * ${numberLiteral(up)}` : '0';
			const falling = Number.isFinite(down) ? `(${numberLiteral(n.zeroAbove)} - ${v}) * ${numberLiteral(down)}` : '0';
			return `CASE WHEN ${v} IS NULL THEN NULL WHEN ${v} < ${numberLiteral(n.lo)} THEN CASE WHEN ${v} <= ${numberLiteral(n.zeroBelow)} THEN 0 ELSE ${rising} END WHEN ${v} > ${numberLiteral(n.hi)} THEN CASE WHEN ${v} >= ${numberLiteral(n.zeroAbove)} THEN 0 ELSE ${falling} END ELSE 100 END`;
		}
		case 'thresholds': {
			const cases = n.ranges.map((r) => {
				const tests = [r.from === null ? null : `${v} >= ${numberLiteral(r.from)}`, r.to === null ? null : `${v} < ${numberLiteral(r.to)}`].filter(Boolean);
				return ` WHEN ${tests.length ? tests.join(' AND ') : `${v} IS NOT NULL`} THEN ${numberLiteral(r.points)}`;
			});
			return `CASE${cases.join('')} END`;
		}
		case 'percentile': {
			const rank = `CASE WHEN present_${k} = 1 THEN 50 ELSE (CAST(2 * below_${k} + (upto_${k} - below_${k}) - 1 AS ${DOUBLE}) / 2) * (CAST(100 AS ${DOUBLE}) / (present_${k} - 1)) END`;
			return `CASE WHEN ${v} IS NULL THEN NULL ELSE ${n.higherIsBetter ? rank : `100 - ${rank}`} END`;
		}
		case 'category': {
			// On a number column the app looks the number up as JavaScript writes it ("1", "0.5"): only keys
			// written that way can match, compared as numbers.
			const entries = Object.entries(n.points).filter(([level]) => kind === 'category' || String(Number(level)) === level);
			const cases = entries.map(([level, p]) => ` WHEN ${v} = ${kind === 'category' ? quoteString(level) : numberLiteral(Number(level))} THEN ${numberLiteral(p)}`);
			return `CASE WHEN ${v} IS NULL THEN NULL${cases.join('')}${n.otherPoints === null ? '' : ` ELSE ${numberLiteral(n.otherPoints)}`} END`;
		}
	}
}

/** The output column suffix of a metric: its position and id in safe characters, short enough for PostgreSQL's 63 bytes. */
export function outputName({ k, metric }: Plan): string {
	const slug = metric.id.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase().slice(0, 32);
	return slug ? `${k}_${slug}` : String(k);
}
