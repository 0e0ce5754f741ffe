/** The Learn settings' checks: what is wrong with one, naming the field and the value, so the page can point at the field. */
import type { LearnSettings } from '../workers/learn-protocol';

/** A setting that cannot be used: which one, and the message saying why. */
export interface SettingsProblem {
	field: keyof LearnSettings;
	message: string;
}

/** A check: the field's name as the form labels it, what it takes in words, and whether a value is that. */
interface Rule {
	label: string;
	takes: string;
	ok: (v: number) => boolean;
}

const whole = (lo: number, hi: number) => (v: number) => Number.isInteger(v) && v >= lo && v <= hi;

/** In the order of the form, so the first wrong field is the one reported. */
const RULES: [keyof LearnSettings, Rule][] = [
	['horizonDays', { label: 'Horizon', takes: 'a whole number of days from 0 to 3,650', ok: whole(0, 3650) }],
	['targetRecall', { label: 'Target share of churners flagged', takes: 'a percentage from 1 to 100', ok: (v) => v > 0 && v <= 1 }],
	['C', { label: 'Regularization C', takes: 'a positive number', ok: (v) => v > 0 && Number.isFinite(v) }],
	['k', { label: 'Folds', takes: 'a whole number from 2 to 20', ok: whole(2, 20) }],
	// The folds' and the bootstrap's generator (core/random) takes seeds in [0, 2³²).
	['seed', { label: 'Seed', takes: 'a whole number from 0 to 4,294,967,295', ok: whole(0, 4294967295) }],
	['resamples', { label: 'Bootstrap resamples', takes: 'a whole number from 100 to 100,000', ok: whole(100, 100_000) }]
];

/** The settings under "Advanced settings" on the Learn page: a problem with one of them opens it. */
export const ADVANCED_SETTINGS: readonly (keyof LearnSettings)[] = ['C', 'k', 'seed', 'resamples'];

/** What is wrong with the settings, naming the field and value; null when they can be used. */
export function settingsProblem(s: LearnSettings): SettingsProblem | null {
	for (const [field, rule] of RULES) {
		const v: unknown = s[field];
		// An emptied number field binds as null (or undefined): say so rather than quote “null”.
		if (typeof v !== 'number' || Number.isNaN(v)) return { field, message: `${rule.label}: nothing entered; it takes ${rule.takes}.` };
		if (!rule.ok(v)) return { field, message: `${rule.label}: “${field === 'targetRecall' ? v * 100 : v}” is not ${rule.takes}.` };
	}
	return null;
}
