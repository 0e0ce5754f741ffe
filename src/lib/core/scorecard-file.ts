/**
 * The scorecard file: a scorecard (and optionally its segment scorecards) as JSON with a schema version, read
 * back through a zod schema. A wrong, old or hostile file gives messages naming the path of each problem and
 * nothing else; older versions migrate.
 *
 * Versions:
 * - 1: a scorecard as the app stored it before files existed (ScorecardRecord schemaVersion 1): the
 *   scorecard's fields plus `datasetId`, `updatedAt` and `schemaVersion: 1`.
 * - 2: `{ format: "checkup-scorecard", schemaVersion: 2, exportedAt, scorecard, segments? }`.
 */
import { z } from 'zod';
import { checkScorecard } from './check';
import { UNIT_SPACE } from './format';
import { LIMITS } from './scorecard-limits';
import { describeIssue, show } from './scorecard-file-issues';

export { show } from './scorecard-file-issues';
import type { Scorecard } from './scorecard';

export const SCORECARD_FILE_FORMAT = 'checkup-scorecard';
export const SCORECARD_FILE_VERSION = 2;
/** What a downloaded scorecard file is called after the scorecard's name. */
export const SCORECARD_FILE_EXTENSION = '.checkup-scorecard.json';
/** A scorecard file is small: a bigger one is refused before it is read. */
export const MAX_SCORECARD_FILE_BYTES = 5 * 1024 * 1024;

/** A segment's own scorecard, for customers whose segment holds `segment`. */
export interface SegmentScorecardEntry {
	segment: string;
	scorecard: Scorecard;
}

/** A scorecard file as the current version writes it. */
export interface ScorecardFile {
	format: typeof SCORECARD_FILE_FORMAT;
	schemaVersion: typeof SCORECARD_FILE_VERSION;
	/** ISO date-time of the export. */
	exportedAt: string;
	/** The default scorecard (everyone not in a segment below). */
	scorecard: Scorecard;
	/** Segment scorecards, when the workspace has them. */
	segments?: SegmentScorecardEntry[];
}

/** What reading a file gives: the file (migrated to the current version), or the problems, each naming its path. */
export type ScorecardFileResult =
	| { ok: true; file: ScorecardFile; migratedFrom: number | null }
	| { ok: false; problems: string[] };

const text = (max: number = LIMITS.text) => z.string().max(max);
const finite = z.number().min(-LIMITS.number).max(LIMITS.number);
const points = z.number().min(0).max(100);

/**
 * Category points by level, validated by hand: zod's record drops a key named "__proto__" on output, and a
 * level of that name is just a name here (normalize.ts looks levels up as own properties).
 */
const levelPoints = z.unknown().transform((raw, ctx) => {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		ctx.addIssue({ code: 'custom', message: `expected an object of value → points, got ${show(raw)}` });
		return z.NEVER;
	}
	const entries = Object.entries(raw);
	if (entries.length > LIMITS.levels) {
		ctx.addIssue({ code: 'custom', message: `expected at most ${LIMITS.levels.toLocaleString('en-US')} values, got ${entries.length.toLocaleString('en-US')}` });
		return z.NEVER;
	}
	for (const [level, p] of entries) {
		if (level.length > LIMITS.text) ctx.addIssue({ code: 'custom', path: [level.slice(0, 40) + '…'], message: `a value is at most ${LIMITS.text.toLocaleString('en-US')} characters, got ${level.length.toLocaleString('en-US')}` });
		else if (typeof p !== 'number' || !(p >= 0 && p <= 100)) ctx.addIssue({ code: 'custom', path: [level], message: `expected points between 0 and 100, got ${show(p)}` });
	}
	return Object.fromEntries(entries) as Record<string, number>;
});

const normalization = z.discriminatedUnion('kind', [
	z.strictObject({ kind: z.literal('linear'), worst: finite, best: finite }),
	z.strictObject({
		kind: z.literal('thresholds'),
		ranges: z.array(z.strictObject({ from: finite.nullable(), to: finite.nullable(), points })).max(LIMITS.ranges)
	}),
	z.strictObject({ kind: z.literal('target'), zeroBelow: finite, lo: finite, hi: finite, zeroAbove: finite }),
	z.strictObject({ kind: z.literal('percentile'), higherIsBetter: z.boolean() }),
	z.strictObject({ kind: z.literal('category'), points: levelPoints, otherPoints: points.nullable() }),
	z.strictObject({ kind: z.literal('asIs') })
]);

const missing = z.discriminatedUnion('kind', [
	z.strictObject({ kind: z.literal('skip') }),
	z.strictObject({ kind: z.literal('zero') }),
	z.strictObject({ kind: z.literal('fixed'), value: points }),
	z.strictObject({ kind: z.literal('median') })
]);

const metric = z.strictObject({
	id: text(LIMITS.name).min(1),
	column: text().min(1),
	label: text(LIMITS.name),
	weight: z.number().min(0).max(LIMITS.weight),
	normalization,
	missing,
	// Absent in every file written before it: read as actionable (scorecard.ts isActionable).
	actionable: z.boolean().optional()
});

const band = z.strictObject({
	label: text(LIMITS.name),
	min: points,
	color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour as #rrggbb'),
	action: text()
});

const scorecardFields = {
	id: text(LIMITS.name).min(1),
	name: text(LIMITS.name),
	metrics: z.array(metric).max(LIMITS.metrics),
	bands: z.array(band).min(1).max(LIMITS.bands)
};
const scorecard = z.strictObject(scorecardFields);

const fileV2 = z.strictObject({
	format: z.literal(SCORECARD_FILE_FORMAT),
	schemaVersion: z.literal(2),
	exportedAt: text(40),
	scorecard,
	segments: z.array(z.strictObject({ segment: text().min(1), scorecard })).max(LIMITS.segments).optional()
});

/** Version 1: a stored scorecard record, exported by hand or by an earlier tool. */
const fileV1 = z.strictObject({ ...scorecardFields, datasetId: text(LIMITS.name), updatedAt: text(40), schemaVersion: z.literal(1) });

/** The file of a scorecard and, optionally, its segment scorecards. */
export function toScorecardFile(main: Scorecard, options: { exportedAt: string; segments?: readonly SegmentScorecardEntry[] }): ScorecardFile {
	// Through JSON: a plain copy (Svelte state proxies unwrapped), exactly what will be written.
	const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x));
	const file: ScorecardFile = { format: SCORECARD_FILE_FORMAT, schemaVersion: SCORECARD_FILE_VERSION, exportedAt: options.exportedAt, scorecard: copy(main) };
	if (options.segments?.length) file.segments = copy([...options.segments]);
	return file;
}

/** The file's text: indented JSON, one trailing newline. */
export function writeScorecardFile(file: ScorecardFile): string {
	return JSON.stringify(file, null, '\t') + '\n';
}

/** A file name for the scorecard: its name in safe characters plus the extension. */
export function scorecardFileName(main: Scorecard): string {
	const slug = main.name.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).toLowerCase();
	return (slug || 'scorecard') + SCORECARD_FILE_EXTENSION;
}

/** What choosing a backup as a scorecard file says. */
export const BACKUP_NOT_SCORECARD =
	'It looks like a Checkup backup (a compressed file), not a scorecard file: a backup is restored under “Restore a backup” on the Share page.';

/** Reads a file's bytes: refuses one over MAX_SCORECARD_FILE_BYTES or not UTF-8, then {@link readScorecardText}. */
export function readScorecardBytes(bytes: Uint8Array): ScorecardFileResult {
	if (bytes.length > MAX_SCORECARD_FILE_BYTES) return fail(`The file is ${megabytes(bytes.length)}; a scorecard file is at most ${megabytes(MAX_SCORECARD_FILE_BYTES)}. Is it the right file?`);
	if (bytes.length === 0) return fail('The file is empty.');
	// gzip's magic number: what a backup starts with (the reverse of the backup's "It looks like a JSON file").
	if (bytes[0] === 0x1f && bytes[1] === 0x8b) return fail(BACKUP_NOT_SCORECARD);
	let textOf: string;
	try {
		textOf = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return fail('The file is not UTF-8 text, so it is not a scorecard file.');
	}
	return readScorecardText(textOf);
}

/** Reads a file's text: JSON, then {@link readScorecardValue}. */
export function readScorecardText(source: string): ScorecardFileResult {
	if (source.length > MAX_SCORECARD_FILE_BYTES) return fail(`The file has ${source.length.toLocaleString('en-US')} characters; a scorecard file is at most ${megabytes(MAX_SCORECARD_FILE_BYTES)}.`);
	let value: unknown;
	try {
		value = JSON.parse(source.replace(/^\uFEFF/, ''));
	} catch (err) {
		return fail(`The file is not JSON (${err instanceof Error ? err.message : String(err)}), so it is not a scorecard file.`);
	}
	return readScorecardValue(value);
}

/**
 * A parsed JSON value as a scorecard file of the current version: the schema of its version, then
 * checkScorecard's rules (worst ≠ best, ranges that do not overlap, ordered bands, …) on every scorecard.
 */
export function readScorecardValue(value: unknown): ScorecardFileResult {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(`Expected a scorecard file (a JSON object), got ${show(value)}.`);
	const version = (value as Record<string, unknown>).schemaVersion;
	if (version === undefined) return fail('This is not a Checkup scorecard file: it has no schemaVersion.');
	if (typeof version === 'number' && Number.isInteger(version) && version > SCORECARD_FILE_VERSION)
		return fail(`This scorecard file was written by a newer Checkup (schema version ${version}); this one reads versions 1 to ${SCORECARD_FILE_VERSION}. When this site has a newer Checkup, it offers “Reload to update” at the top of the page; otherwise ask whoever sent it for a file from the Checkup you use here.`);
	if (version !== 1 && version !== 2) return fail(`schemaVersion: expected 1 or ${SCORECARD_FILE_VERSION}, got ${show(version)}`);
	const schema = version === 1 ? fileV1 : fileV2;
	const parsed = schema.safeParse(value, { reportInput: true });
	if (!parsed.success) return { ok: false, problems: parsed.error.issues.slice(0, 20).map(describeIssue) };
	const file = version === 1 ? migrateV1(parsed.data as z.infer<typeof fileV1>) : (parsed.data as ScorecardFile);
	const problems = ruleProblems(file);
	return problems.length ? { ok: false, problems } : { ok: true, file, migratedFrom: version === 1 ? 1 : null };
}

/** Version 1 → 2: the record's own bookkeeping (dataset, save time) dropped; its save time becomes the export time. */
export function migrateV1(record: z.infer<typeof fileV1>): ScorecardFile {
	const { id, name, metrics, bands, updatedAt } = record;
	return { format: SCORECARD_FILE_FORMAT, schemaVersion: SCORECARD_FILE_VERSION, exportedAt: updatedAt, scorecard: { id, name, metrics, bands } };
}

/** Every scorecard of a file, the default first. */
export function scorecardsIn(file: ScorecardFile): Scorecard[] {
	return [file.scorecard, ...(file.segments ?? []).map((s) => s.scorecard)];
}

/** The columns a file's scorecards read that are not among `columns`, each with the metrics that read it. */
export function missingColumns(file: ScorecardFile, columns: Iterable<string>): { column: string; metrics: string[] }[] {
	const have = new Set(columns);
	const out = new Map<string, string[]>();
	for (const card of scorecardsIn(file))
		for (const m of card.metrics)
			if (!have.has(m.column)) out.set(m.column, [...(out.get(m.column) ?? []), m.label || m.id]);
	return [...out].map(([column, metrics]) => ({ column, metrics: [...new Set(metrics)] }));
}

function ruleProblems(file: ScorecardFile): string[] {
	const problems: string[] = [];
	const where = [{ path: 'scorecard', card: file.scorecard }, ...(file.segments ?? []).map((s, i) => ({ path: `segments[${i}].scorecard`, card: s.scorecard }))];
	for (const { path, card } of where) {
		for (const p of checkScorecard(card)) {
			if (p.severity !== 'error') continue;
			const k = card.metrics.findIndex((m) => m.id === p.metricId);
			problems.push(`${path}${k >= 0 ? `.metrics[${k}]` : ''}: ${p.message}`);
		}
	}
	const segments = file.segments ?? [];
	segments.forEach((s, i) => {
		if (segments.findIndex((t) => t.segment === s.segment) !== i) problems.push(`segments[${i}].segment: segment ${show(s.segment)} has more than one scorecard`);
	});
	return problems;
}

function megabytes(n: number): string {
	return `${(n / 1024 / 1024).toFixed(1)}${UNIT_SPACE}MB`;
}

function fail(message: string): ScorecardFileResult {
	return { ok: false, problems: [message] };
}
