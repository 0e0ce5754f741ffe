/** How numbers read in the UI. Every function returns plain text (never HTML). */
import { roundScore } from './core/shown-score';

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const one = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const compactMoney = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 });

export const NO_SCORE = 'No score';

export function formatCount(n: number): string {
	return whole.format(n);
}

/**
 * A score to one decimal; "No score" for NaN (never 0). Rounded by roundScore, the rounding bands are decided
 * on, so the text and the band always agree (alone, Intl would show 6.949999999999999, the
 * double just below 6.95, as 6.9, while its tenths round to 7.0).
 */
export function formatScore(s: number): string {
	return Number.isNaN(s) ? NO_SCORE : one.format(roundScore(s));
}

export function formatPoints(p: number): string {
	return one.format(p);
}

export function formatPercent(p: number): string {
	return Number.isFinite(p) ? `${one.format(p)} %` : '–';
}

export function formatMoney(x: number, compact = false): string {
	if (!Number.isFinite(x)) return '–';
	return (compact ? compactMoney : money).format(x);
}

/** A raw metric value as it was in the data; "missing" for NaN / null. */
export function formatValue(v: number | string | null): string {
	if (v === null || (typeof v === 'number' && Number.isNaN(v))) return 'missing';
	if (typeof v === 'string') return v;
	if (!Number.isFinite(v)) return String(v);
	return Number.isInteger(v) ? whole.format(v) : new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(v);
}

export function formatBytes(n: number | null): string {
	if (n === null) return 'unknown';
	const units = ['B', 'KB', 'MB', 'GB', 'TB'];
	let u = 0;
	while (n >= 1024 && u < units.length - 1) (n /= 1024), u++;
	return `${u === 0 ? n : one.format(n)} ${units[u]}`;
}

/**
 * A moment (an ISO timestamp, stored in UTC) in this computer's time zone, one way everywhere: "2026-11-24 01:42".
 * Dates elsewhere in the app are ISO too, so a saved version, an import and a training run read alike.
 */
export function formatStamp(iso: string): string {
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return iso;
	const two = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
