/**
 * The command line names a file once in each message: the CSV reader's messages name it already ("x.csv" is
 * empty.), and Node's file errors repeat the path ("ENOENT: …, open 'out/x.csv'"), so neither gets it again.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultBands, type Scorecard } from '../../src/lib/core/scorecard';
import { toScorecardFile, writeScorecardFile } from '../../src/lib/core/scorecard-file';
import { runCheckup } from './run-checkup';

const BAD = new URL('../fixtures/bad/', import.meta.url).pathname;
const card: Scorecard = {
	id: 'u', name: 'Usage', bands: defaultBands(),
	metrics: [{ id: 'u', column: 'usage', label: 'Usage', weight: 1, normalization: { kind: 'asIs' }, missing: { kind: 'skip' } }]
};
let dir: string;
const checkup = (...args: string[]) => runCheckup(dir, args);

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'checkup-messages-'));
	writeFileSync(join(dir, 'card.json'), writeScorecardFile(toScorecardFile(card, { exportedAt: '2026-11-22T00:00:00.000Z' })));
	writeFileSync(join(dir, 'ok.csv'), 'customer_id,usage\nA,10\nB,20\n');
	writeFileSync(join(dir, 'header.csv'), 'customer_id,usage\n');
	writeFileSync(join(dir, 'onecol.csv'), 'customer_id\nA\nB\n');
	mkdirSync(join(dir, 'folder.csv'));
	// A link to itself: opening it fails with ELOOP, whose Node message ends with the path.
	symlinkSync('loop.csv', join(dir, 'loop.csv'));
	expect(checkup('--help').code).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkup names each file once', { timeout: 60_000 }, () => {
	const cases: [string, string[], string][] = [
		['an empty file', ['score', BAD + 'empty.csv', '-s', 'card.json'], '"empty.csv" is empty.'],
		['a header without rows', ['score', 'header.csv', '-s', 'card.json'], '"header.csv" has a header but no rows.'],
		['one column', ['score', 'onecol.csv', '-s', 'card.json'], 'Found only one column in "onecol.csv": is the delimiter something other than a comma, semicolon, tab or pipe?'],
		['NUL bytes', ['score', BAD + 'nul-bytes.csv', '-s', 'card.json'], '"nul-bytes.csv" contains NUL bytes: it is a binary file (or UTF-16 text), not a CSV.'],
		['a PDF renamed .csv', ['train', BAD + 'pdf-renamed.csv', '--outcome', 'churned'], '"pdf-renamed.csv" looks like a PDF document, not a CSV.'],
		['a data file that cannot be opened', ['score', 'loop.csv', '-s', 'card.json'], 'The data file loop.csv cannot be read: too many symbolic links encountered.'],
		['a scorecard file that cannot be opened', ['score', 'ok.csv', '-s', 'loop.csv'], 'The scorecard file loop.csv cannot be read: too many symbolic links encountered.'],
		['a mapping file that cannot be opened', ['score', 'ok.csv', '-s', 'card.json', '--mapping', 'loop.csv'], 'The mapping file loop.csv cannot be read: too many symbolic links encountered.'],
		['--output in a folder that does not exist', ['score', 'ok.csv', '-s', 'card.json', '-o', 'nowhere/out.csv'], 'cannot write nowhere/out.csv: the folder nowhere does not exist.'],
		['--output naming a folder', ['score', 'ok.csv', '-s', 'card.json', '-o', 'folder.csv'], 'cannot write folder.csv: it is a folder.'],
		['--output that cannot be opened', ['score', 'ok.csv', '-s', 'card.json', '-o', 'loop.csv'], 'cannot write loop.csv: too many symbolic links encountered.']
	];
	for (const [name, args, message] of cases) {
		it(name, () => {
			const run = checkup(...args);
			expect(run.err).toBe(`checkup: ${message}\n`);
			expect(run.code).toBe(2);
			expect(run.out).toBe('');
		});
	}

	it('in every line it writes for any of the malformed files of test/fixtures/bad', () => {
		const twice: string[] = [];
		for (const name of readdirSync(BAD).filter((f) => /\.(csv|tsv)$/.test(f))) {
			const run = checkup('score', BAD + name, '-s', 'card.json', '-o', join(dir, 'scored.csv'));
			for (const line of run.err.split('\n')) if (line.split(name).length > 2) twice.push(line);
		}
		expect(twice).toEqual([]);
	});
});
