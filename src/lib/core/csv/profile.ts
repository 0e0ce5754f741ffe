/** Each sampled column's type, role, samples, missing share and distinct count. */
import { codeProposal } from './codes';
import { detectDateFormat } from './dates';
import { proposeRoles, type RoleEvidence } from './roles';
import { rowFits } from './rows';
import type { ColumnProfile, DateFormat, Dialect, ValueType } from './types';
import { isMissingMarker, parseBoolean, parseNumber } from './values';

const MAX_DISTINCT = 1000;
const MAX_SAMPLES = 5;
/** Share of non-empty values that may fail a type and the column still get it (the rest become problems). */
const TYPE_TOLERANCE = 0.02;
const MAX_CATEGORY_LEVELS = 100;
const LEADING_ZERO = /^[-+]?0\d/;
const DATE_START = /^\d{1,4}[-/.]\d/;

/** What one pass over a column's sampled values finds. */
interface ColumnStats {
	rows: number;
	blanks: number;
	/** NA, N/A, null, …: missing in typed columns, text in text columns. */
	markers: Set<string>;
	markerCount: number;
	present: number;
	distinct: Set<string>;
	samples: string[];
	numbers: number;
	booleans: number;
	leadingZero: boolean;
	/** Every value read as a number is a whole number ≥ 0 (a code or a year may be). */
	wholeNonNegative: boolean;
	min: number;
	max: number;
	spaced: number;
	dateLike: string[];
}

/** Markers start with a letter n/N or '#' and are short: skips the lookup for nearly every value. */
function mayBeMarker(v: string): boolean {
	const c = v.charCodeAt(0);
	return v.length <= 6 && (c === 35 || c === 78 || c === 110);
}

function scan(rows: string[][], j: number, decimalComma: boolean): ColumnStats {
	const s: ColumnStats = {
		rows: rows.length, blanks: 0, markers: new Set(), markerCount: 0, present: 0, distinct: new Set(),
		samples: [], numbers: 0, booleans: 0, leadingZero: false, wholeNonNegative: true, min: NaN, max: NaN, spaced: 0, dateLike: []
	};
	for (const row of rows) {
		const v = row[j].trim();
		if (v.length === 0) {
			s.blanks++;
			continue;
		}
		if (mayBeMarker(v) && isMissingMarker(v)) {
			s.markerCount++;
			s.markers.add(v);
			continue;
		}
		s.present++;
		if (s.distinct.size < MAX_DISTINCT && !s.distinct.has(v)) {
			s.distinct.add(v);
			if (s.samples.length < MAX_SAMPLES) s.samples.push(v);
		}
		if (v.length <= 11 && parseBoolean(v) !== null) s.booleans++;
		const x = parseNumber(v, decimalComma);
		if (x !== null) {
			s.numbers++;
			if (s.wholeNonNegative && !(Number.isInteger(x) && x >= 0)) s.wholeNonNegative = false;
			if (!(x >= s.min)) s.min = x;
			if (!(x <= s.max)) s.max = x;
			const c = v.charCodeAt(0);
			if ((c === 48 || c === 43 || c === 45) && LEADING_ZERO.test(v)) s.leadingZero = true;
		} else if (DATE_START.test(v)) s.dateLike.push(v);
		if (v.includes(' ')) s.spaced++;
	}
	return s;
}

function inferType(s: ColumnStats): { type: ValueType; dateFormat?: DateFormat | 'ambiguous' } {
	if (s.present === 0) return { type: 'text' };
	const tolerated = Math.floor(s.present * TYPE_TOLERANCE);
	// Codes with leading zeros (zip codes, account numbers) lose them as numbers: keep them as text.
	const numeric = s.present - s.numbers <= tolerated && !s.leadingZero;
	// 0/1 with a stray 2 is a count, not yes/no; "maybe" among yes/no is a bad yes/no value.
	if (s.booleans === s.present || (!numeric && s.present - s.booleans <= tolerated)) return { type: 'boolean' };
	if (numeric) return { type: 'number' };
	if (s.present - s.dateLike.length <= tolerated) {
		const dateFormat = detectDateFormat(s.dateLike);
		if (dateFormat !== null) return { type: 'date', dateFormat };
	}
	const levels = s.distinct.size + s.markers.size;
	if (levels <= MAX_CATEGORY_LEVELS && levels * 2 <= s.present + s.markerCount) return { type: 'category' };
	return { type: 'text' };
}

function isTyped(type: ValueType): boolean {
	return type === 'number' || type === 'boolean' || type === 'date';
}

/**
 * Profiles the sampled data rows (records whose field count does not fit the header are left out): a type
 * from the values, a role from the header name and the values, up to 5 samples, missing share, distinct count.
 * A number column that would be a metric but reads as a code or a year (see codes.ts) is proposed as a category
 * or text set to Ignore, with the reason.
 */
export function profileColumns(
	headers: string[],
	names: string[],
	rows: string[][],
	dialect: Pick<Dialect, 'decimalComma'>
): ColumnProfile[] {
	if (names.length !== headers.length) throw new Error(`profileColumns: ${names.length} names for ${headers.length} headers`);
	const fitting = rows.filter((r) => rowFits(r, headers.length));
	const stats = headers.map((_, j) => scan(fitting, j, dialect.decimalComma));
	const types = stats.map(inferType);
	const evidence: RoleEvidence[] = stats.map((s, j) => {
		const text = !isTyped(types[j].type);
		return {
			name: names[j],
			type: types[j].type,
			present: s.present + (text ? s.markerCount : 0),
			rows: s.rows,
			distinct: s.distinct.size + (text ? s.markers.size : 0),
			spaced: s.present > 0 ? s.spaced / s.present : 0
		};
	});
	const roles = proposeRoles(evidence);
	return stats.map((s, j) => {
		let role = roles[j];
		// IDs and names are kept as written: "00123" stays "00123", "1001" is not a quantity.
		let type: ValueType = role === 'id' || role === 'name' ? 'text' : types[j].type;
		// A code or a year left a metric would be scored higher-is-better: it is proposed ignored, saying why.
		const code = type === 'number' && role === 'metric' ? codeProposal({ header: headers[j], name: names[j], ...s, distinct: s.distinct.size }) : null;
		if (code) [type, role] = [code.type, 'ignore'];
		const typed = isTyped(type);
		const samples = typed ? s.samples : [...s.samples, ...s.markers].slice(0, MAX_SAMPLES);
		const profile: ColumnProfile = {
			index: j,
			header: headers[j],
			name: names[j],
			type,
			role,
			samples,
			missingShare: s.rows > 0 ? (s.blanks + (typed ? s.markerCount : 0)) / s.rows : 0,
			distinct: Math.min(MAX_DISTINCT, evidence[j].distinct)
		};
		if (type === 'date') profile.dateFormat = types[j].dateFormat;
		if (code) profile.reason = code.reason;
		return profile;
	});
}
