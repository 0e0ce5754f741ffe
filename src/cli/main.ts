/** The `checkup` command line: the app's core (CSV reading, scoring, training) from node. */
import { writeFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ColumnRole, DateFormat, ValueType } from '../lib/core/csv/types';
import { CliError, EXIT } from './errors';
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
	return scoreCommand(rest, io);
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
	const asOf = values['as-of'] ?? new Date().toISOString().slice(0, 10);
	if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))) throw new CliError(`--as-of must be a date as yyyy-mm-dd, got "${asOf}".`);
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
		throw new CliError(`cannot write ${output}: ${(err as Error).message}`);
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
