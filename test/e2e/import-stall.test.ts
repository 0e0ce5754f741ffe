/**
 * A file whose reading stalls, in the production build in real Chromium: the import worker's script is served
 * with its File streams cut off after their first parts (they then never give another byte, as a network drive
 * that stopped answering would). After STALL_SECONDS the page says so, Cancel still stops the import, and the
 * workspace is as it was.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatPercent } from '../../src/lib/format';
import { STALL_SECONDS } from '../../src/lib/state/import.svelte';
import { chooseCsvFile, openAppWithImportWorkerPrelude, type AppSession } from './browser';
import { expectedDemo } from './expected';

/**
 * Put before the import worker's own code: a stream of more than 2 MB gives its first 256 KB, then waits for
 * ever (the head the preview reads is a slice read whole, not a stream, so the mapping step comes as usual).
 * Counted in bytes, not in parts: a part of Chromium's blob stream can be of any size, and on a busy machine
 * two parts could be the whole rest of the file, which then reads to its end without stalling.
 */
const STALLING_STREAMS = `{
	const stream = Blob.prototype.stream;
	Blob.prototype.stream = function () {
		if (this.size < 2_000_000) return stream.call(this);
		const parts = stream.call(this).getReader();
		let left = 256 * 1024;
		return new ReadableStream({
			async pull(controller) {
				if (left <= 0) return new Promise(() => {});
				const { done, value } = await parts.read();
				if (done) return controller.close();
				const given = value.subarray(0, left);
				left -= given.length;
				controller.enqueue(given);
			}
		});
	};
}
`;

describe('a file whose reading stalls', () => {
	let app: AppSession;
	let dir: string;
	let file: string;

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-stall-'));
		file = join(dir, 'slow_drive.csv');
		const rows = Array.from({ length: 250_000 }, (_, i) => `C${i},${(i * 37) % 1000},${i % 7 === 0 ? 'Yes' : 'No'}`);
		await writeFile(file, `customer_id,logins,churned\n${rows.join('\n')}\n`);
		app = await openAppWithImportWorkerPrelude(STALLING_STREAMS, { path: '#/data' });
	});
	afterAll(async () => {
		await app?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test(`says so after ${STALL_SECONDS} s without a byte more; Cancel stops the import and the workspace is unchanged`, async () => {
		const { page } = app;
		await chooseCsvFile(page, file, app.consoleErrors);
		await page.getByRole('button', { name: 'Read the whole file' }).click();
		const progress = page.getByTestId('import-progress');
		await progress.waitFor();
		const stalled = page.getByTestId('import-stalled');
		await stalled.waitFor({ timeout: (STALL_SECONDS + 20) * 1000 });
		expect(await stalled.textContent()).toMatch(new RegExp(`Nothing more has been read for ${STALL_SECONDS}\u00a0s\\.`));
		expect(await stalled.getAttribute('role')).toBe('status');
		// Reading has not finished: the progress stands short of the file's end.
		expect(await progress.textContent()).toMatch(/\(\d+\.\d\u00a0%\)/);
		expect(await progress.textContent()).not.toContain(`(${formatPercent(100)})`);
		await page.getByRole('button', { name: 'Cancel' }).click();
		await expect.poll(() => page.locator('.import').getAttribute('data-phase')).toBe('cancelled');
		expect(await page.getByText('Import cancelled. Your workspace is unchanged.').count()).toBe(1);
		await page.getByRole('link', { name: 'Overview', exact: true }).click();
		await expect.poll(() => page.getByTestId('kpi-customers').textContent(), { timeout: 20_000 }).toBe(expectedDemo().customers);
		expect(app.consoleErrors).toEqual([]);
	}, 90_000);
});
