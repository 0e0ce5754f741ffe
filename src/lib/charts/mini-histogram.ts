/**
 * Layout of a mini histogram (a column's distribution in a table cell): equal-width bars, no axes. Pure; drawn by
 * MiniHistogram.svelte. Number columns give one bar per bin, dates one per calendar bin, categories one per
 * listed level plus "other".
 */
import { scaleLinear } from 'd3';
import type { CategoryProfile, DateBin, DateProfile, NumberProfile } from '../core/profile';
import { formatCount, formatPercentAsIs, formatValue } from '../format';

/** One bar's count and its text (tooltip). */
export interface MiniBarInput {
	count: number;
	label: string;
	/** Drawn muted: the "other" levels together. */
	other?: boolean;
}

export interface MiniBar extends MiniBarInput {
	x: number;
	y: number;
	width: number;
	height: number;
}

export interface MiniHistogramLayout {
	width: number;
	height: number;
	bars: MiniBar[];
}

/** Bars share the width, 1 px apart when there is room; heights are proportional, and no count above 0 is drawn under 1 px. */
export function miniHistogramLayout(inputs: readonly MiniBarInput[], width = 120, height = 28): MiniHistogramLayout {
	if (!(width > 0 && height > 0)) throw new Error(`invalid size; not positive: ${width}×${height}`);
	const band = inputs.length ? width / inputs.length : width;
	const gap = band >= 4 ? 1 : 0;
	const max = Math.max(0, ...inputs.map((b) => b.count));
	const y = scaleLinear().domain([0, max || 1]).range([0, height]);
	const bars = inputs.map((input, i) => {
		const h = input.count > 0 ? Math.max(1, y(input.count)) : 0;
		return { ...input, x: i * band, y: height - h, width: Math.max(0, band - gap), height: h };
	});
	return { width, height, bars };
}

const range = (from: number, to: number) => `${formatValue(from)}–${formatValue(to)}`;

/** What a date bin covers, in its unit's words: 2026-11-23, week of 2026-11-16, 2026-11, 2026 Q4, 2026, 2020–2029. */
export function dateBinLabel(bin: DateBin, unit: DateProfile['unit'], step = 1): string {
	const year = Number(bin.from.slice(0, 4));
	const month = Number(bin.from.slice(5, 7));
	switch (unit) {
		case 'day':
			return bin.from;
		case 'week':
			return `week of ${bin.from}`;
		case 'month':
			return bin.from.slice(0, 7);
		case 'quarter':
			return `${year} Q${Math.floor((month - 1) / 3) + 1}`;
		case 'year':
			return step === 1 ? String(year) : `${year}–${year + step - 1}`;
	}
}

const UNIT_WORDS: Record<DateProfile['unit'], string> = { day: 'a day', week: 'a week', month: 'a month', quarter: 'a quarter', year: 'a year' };

/** The bars of a number, date or category profile. */
export function profileBars(profile: NumberProfile | DateProfile | CategoryProfile): MiniBarInput[] {
	if (profile.kind === 'date') return profile.bins.map((b) => ({ count: b.count, label: `${dateBinLabel(b, profile.unit, profile.step)}: ${formatCount(b.count)}` }));
	if (profile.kind === 'number') {
		return profile.bins.map((b) => ({ count: b.count, label: `${b.from === b.to ? formatValue(b.from) : range(b.from, b.to)}: ${formatCount(b.count)}` }));
	}
	const bars: MiniBarInput[] = profile.levels.map((l) => ({ count: l.count, label: `${l.level}: ${formatCount(l.count)}` }));
	if (profile.other) bars.push({ count: profile.other.count, label: `${formatCount(profile.other.levels)} other values: ${formatCount(profile.other.count)}`, other: true });
	return bars;
}

/** The chart in words, for screen readers: what the bars show and where most values are. */
export function describeProfile(name: string, profile: NumberProfile | DateProfile | CategoryProfile): string {
	if (profile.kind === 'date') {
		const top = profile.bins.reduce((a, b) => (b.count > a.count ? b : a));
		const days = profile.count === 1 ? 'date' : 'dates';
		if (profile.min === profile.max) return `Dates of ${name}: ${formatCount(profile.count)} ${days}, all ${profile.min}`;
		const width = profile.unit === 'year' && profile.step > 1 ? `${formatCount(profile.step)} years` : UNIT_WORDS[profile.unit];
		const most = `most in ${dateBinLabel(top, profile.unit, profile.step)} (${formatCount(top.count)})`;
		return `Dates of ${name}: ${formatCount(profile.count)} ${days} from ${profile.min} to ${profile.max}, ${profile.bins.length} bins of ${width}, ${most}`;
	}
	if (profile.kind === 'number') {
		if (!profile.bins.length) return `${name}: no values`;
		const top = profile.bins.reduce((a, b) => (b.count > a.count ? b : a));
		const width = profile.bins[0].to - profile.bins[0].from;
		if (width === 0) return `Histogram of ${name}: ${formatCount(profile.count)} values, all ${formatValue(profile.min)}`;
		const most = `most in ${range(top.from, top.to)} (${formatCount(top.count)})`;
		return `Histogram of ${name}: ${formatCount(profile.count)} values from ${formatValue(profile.min)} to ${formatValue(profile.max)}, ${profile.bins.length} bins of ${formatValue(width)}, ${most}`;
	}
	const present = profile.rows - profile.missing;
	const share = (n: number) => formatPercentAsIs(present ? Math.round((n / present) * 100) : 0);
	const shown = profile.levels.slice(0, 3).map((l) => `${l.level} ${share(l.count)}`);
	const more = profile.levels.length - 3 + (profile.other?.levels ?? 0);
	return `Values of ${name}: ${shown.join(', ')}${more > 0 ? `, and ${formatCount(more)} more` : ''}`;
}
