/** The `checkup` command line: the app's core (CSV reading, scoring, training) from node. */
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isIsoDate, localDate } from '../lib/core/dates';
import type { ColumnRole, DateFormat, ValueType } from '../lib/core/csv/types';
import { CliError, EXIT, fileProblem } from './errors';
import type { ReadOptions } from './read-data';
import { score } from './score';
import { COMMANDS, HELP } from './help';

/** Where the command writes: stdout for results, stderr for messages. */
export interface Io {
	out(text: string): void;
	err(text: string): void;
}

const ROLES: readonly ColumnRole[] = ['id', 'name', 'asOf', 'outcome', 'churnDate', 'renewalDate', 'segment', 'owner', 'arr', 'metric', 'ignore'];

const READ_OPTIONS = {
	'as-of': { type: 'string' },
	role: { type: 'string', multiple: true },
	type: { type: 'string', multiple: true },
	'date-format': { type: 'string', multiple: true },
	mapping: { type: 'string' },
	duplicates: { type: 'string' },
	output: { type: 'string', short: 'o' },
	help: { type: 'boolean', short: 'h' }
} as const satisfies ParseArgsConfig['options'];

/** Runs the command line; returns the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
	try {
		return await run(argv, io);
	} catch (err) {
		if (err instanceof CliError) {
			io.err(`checkup: ${err.message}\n`);
			return EXIT.input;
		}
		io.err(`checkup: unexpected error (please report it): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
		return EXIT.internal;
	}
}

async function run(argv: readonly string[], io: Io): Promise<number> {
	const [command, ...rest] = argv;
	if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
		io.out(HELP.main);
		return EXIT.ok;
	}
	if (!COMMANDS.includes(command)) throw new CliError(`unknown command "${command}". Commands: ${COMMANDS.join(', ')}. See checkup --help.`);
	return command === 'score' ? scoreCommand(rest, io) : trainCommand(rest, io);
}

/** parseArgs with its messages turned into CliErrors that point at --help. */
export function parse<T extends ParseArgsConfig['options']>(args: readonly string[], options: T, command: string) {
	try {
		return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
	} catch (err) {
		throw new CliError(`${(err as Error).message.replace(/\. To specify a positional argument.*$/s, '')}. See checkup ${command} --help.`);
	}
}

/** The import decisions given as options. */
export function readOptions(values: { 'as-of'?: string; role?: string[]; type?: string[]; 'date-format'?: string[]; mapping?: string; duplicates?: string }): ReadOptions {
	const asOf = values['as-of'] ?? localDate(new Date());
	if (!isIsoDate(asOf)) throw new CliError(`--as-of must be a date as yyyy-mm-dd, got "${asOf}".`);
	const pairs = <V extends string>(list: string[] | undefined, flag: string, allowed: readonly V[]): Record<string, V> => {
		const out: Record<string, V> = {};
		for (const item of list ?? []) {
			const at = item.lastIndexOf('=');
			const value = item.slice(at + 1) as V;
			if (at <= 0 || !allowed.includes(value)) throw new CliError(`${flag} takes "<column>=<${allowed.join('|')}>", got "${item}".`);
			Object.defineProperty(out, item.slice(0, at), { value, enumerable: true });
		}
		return out;
	};
	const duplicates = values.duplicates;
	if (duplicates !== undefined && duplicates !== 'first' && duplicates !== 'last') throw new CliError(`--duplicates takes first or last, got "${duplicates}".`);
	return {
		asOf,
		roles: pairs(values.role, '--role', ROLES),
		types: pairs<ValueType>(values.type, '--type', ['number', 'boolean', 'category', 'date', 'text']),
		dateFormats: pairs<DateFormat>(values['date-format'], '--date-format', ['iso', 'mdy', 'dmy']),
		mappingFile: values.mapping,
		duplicates
	};
}

/** Writes the result to --output or stdout. */
export function emit(text: string, output: string | undefined, io: Io): void {
	if (output === undefined) return io.out(text);
	try {
		writeFileSync(output, text);
	} catch (err) {
		const code = (err as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') throw new CliError(`cannot write ${output}: the folder ${dirname(output)} does not exist.`);
		if (code === 'EISDIR') throw new CliError(`cannot write ${output}: it is a folder.`);
		throw new CliError(`cannot write ${output}: ${fileProblem(err)}.`);
	}
}

function scoreCommand(args: readonly string[], io: Io): number {
	const { values, positionals } = parse(args, { ...READ_OPTIONS, scorecard: { type: 'string', short: 's' } }, 'score');
	if (values.help) {
		io.out(HELP.score);
		return EXIT.ok;
	}
	if (positionals.length !== 1) throw new CliError(`score takes one data file, got ${positionals.length}. Usage: checkup score data.csv --scorecard scorecard.json`);
	if (!values.scorecard) throw new CliError('score needs --scorecard <file>: a scorecard exported from the Share page.');
	const scored = score(positionals[0], values.scorecard, readOptions(values));
	for (const line of scored.messages) io.err(line + '\n');
	emit(scored.csv, values.output, io);
	return EXIT.ok;
}

export { READ_OPTIONS };

/** `checkup train`: parsed here, run in train.ts (loaded only for this command: it brings tfjs). */
async function trainCommand(args: readonly string[], io: Io): Promise<number> {
	const { values, positionals } = parse(args, {
		...READ_OPTIONS,
		outcome: { type: 'string' },
		scorecard: { type: 'string', short: 's' },
		json: { type: 'boolean' },
		horizon: { type: 'string' },
		C: { type: 'string' },
		folds: { type: 'string' },
		seed: { type: 'string' },
		resamples: { type: 'string' }
	}, 'train');
	if (values.help) {
		io.out(HELP.train);
		return EXIT.ok;
	}
	if (positionals.length !== 1) throw new CliError(`train takes one data file, got ${positionals.length}. Usage: checkup train data.csv --outcome churned`);
	if (!values.outcome) throw new CliError('train needs --outcome <column>: the yes/no column that says whether the customer churned.');
	const { train, reportJson, reportText, DEFAULT_SETTINGS } = await import('./train');
	const number = (flag: string, text: string | undefined, fallback: number, ok: (x: number) => boolean, what: string) => {
		if (text === undefined) return fallback;
		const x = Number(text);
		if (text.trim() === '' || !ok(x)) throw new CliError(`--${flag} must be ${what}, got "${text}".`);
		return x;
	};
	const whole = (lo: number, hi: number) => (x: number) => Number.isInteger(x) && x >= lo && x <= hi;
	const settings = {
		...DEFAULT_SETTINGS,
		horizonDays: number('horizon', values.horizon, DEFAULT_SETTINGS.horizonDays, whole(0, 3650), 'a whole number of days from 0 to 3650'),
		C: number('C', values.C, DEFAULT_SETTINGS.C, (x) => x > 0 && Number.isFinite(x), 'a positive number'),
		k: number('folds', values.folds, DEFAULT_SETTINGS.k, whole(2, 20), 'a whole number from 2 to 20'),
		seed: number('seed', values.seed, DEFAULT_SETTINGS.seed, whole(0, 2 ** 31 - 1), 'a whole number'),
		resamples: number('resamples', values.resamples, DEFAULT_SETTINGS.resamples, whole(100, 100_000), 'a whole number from 100 to 100000')
	};
	const { report, messages } = await train(positionals[0], { read: readOptions(values), outcome: values.outcome, scorecardPath: values.scorecard, settings });
	for (const line of messages) io.err(line + '\n');
	emit(values.json ? reportJson(report) : reportText(report), values.output, io);
	return EXIT.ok;
}
