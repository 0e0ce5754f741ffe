/**
 * Offline: after one visit the deployment opens and works with no network at all (the host stopped and the browser
 * offline), lazily loaded chunks included (Learn's tfjs and its .wasm, trained on); and a new deploy replaces the
 * cached build cleanly (new cache, the old one dropped).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serviceWorkerSource } from '../../src/build/service-worker-plugin';
import { openApp, type AppSession } from './browser';
import { expectedDemo } from './expected';
import { builtDist, host, type Host } from './hosting';

/** Waits until a service worker controls the page and its cache holds the whole build; returns the cache names. */
async function controlled(page: Page): Promise<string[]> {
	await expect
		.poll(() => page.evaluate(async () => Boolean(navigator.serviceWorker.controller) && (await navigator.serviceWorker.ready).active?.state === 'activated'), { timeout: 60_000 })
		.toBe(true);
	return page.evaluate(() => caches.keys());
}

describe('offline after the first visit', { timeout: 240_000 }, () => {
	let dir: string;
	let site: Host;
	let app: AppSession;

	beforeAll(async () => {
		// A copy of the build this test may change (a new deploy) without touching the one other tests serve.
		dir = await mkdtemp(join(tmpdir(), 'checkup-offline-'));
		await cp(builtDist(), join(dir, 'v1'), { recursive: true });
		site = await host(join(dir, 'v1'));
	});
	afterAll(async () => {
		await app?.close();
		await site?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('the first visit installs the service worker, which precaches every file of the build', async () => {
		app = await openApp({ baseURL: site.url });
		const demo = expectedDemo();
		await expect.poll(() => app.page.getByTestId('kpi-customers').textContent(), { timeout: 60_000 }).toBe(demo.customers);
		const names = await controlled(app.page);
		const sw = await readFile(join(dir, 'v1', 'sw.js'), 'utf8');
		const version = /build ([0-9a-f]{16})/.exec(sw)![1];
		expect(names).toEqual([`checkup:${site.url}:${version}`]);
		const cached = await app.page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => r.url), names[0]);
		const files = JSON.parse(/files: (\[.*?\])/.exec(sw)![1]) as string[];
		expect(cached.sort()).toEqual(files.map((f) => new URL(f, site.url).href).sort());
		expect(files.some((f) => f.endsWith('.wasm'))).toBe(true);
	});

	test('with the host stopped and the browser offline, a reload opens the app with its data, and Learn trains', async () => {
		const { page, context } = app;
		await site.close();
		await context.setOffline(true);
		await app.reload();
		const demo = expectedDemo();
		await expect.poll(() => page.getByTestId('kpi-customers').textContent(), { timeout: 60_000 }).toBe(demo.customers);
		expect(await page.getByTestId('kpi-average').textContent()).toBe(demo.average);
		await page.getByRole('link', { name: 'Customers', exact: true }).click();
		await expect.poll(() => page.getByTestId('customer-count').textContent()).toContain(`of ${demo.customers} customers`);
		// Never opened online: the Learn page's chunk, its worker, tfjs and the .wasm all come from the cache.
		await page.getByRole('link', { name: 'Learn', exact: true }).click();
		await page.getByRole('button', { name: 'Train', exact: true }).click();
		await expect.poll(() => page.getByTestId('auc-manual').count(), { timeout: 180_000 }).toBe(1);
		expect(await page.getByText('TensorFlow.js, wasm backend, in this browser').count()).toBe(1);
		expect(app.consoleErrors).toEqual([]);
		expect(app.foreignRequests).toEqual([]);
		await context.setOffline(false);
	});

	test('a new deploy installs beside the old build, the page offers to switch, and then only the new cache is left', async () => {
		// The same build with a changed index.html and a freshly written sw.js: a new version hash.
		const v2 = join(dir, 'v2');
		await cp(join(dir, 'v1'), v2, { recursive: true });
		const index = join(v2, 'index.html');
		// A marker the page cannot change (it sets its own title): which build is showing.
		await writeFile(index, (await readFile(index, 'utf8')).replace('<title>Checkup</title>', '<title>Checkup</title><meta name="checkup-build" content="v2">'));
		const { source, config } = await serviceWorkerSource(v2);
		await writeFile(join(v2, 'sw.js'), source);
		const port = new URL(site.url).port;
		site = await host(v2, undefined, '/team/checkup/', Number(port));

		const { page } = app;
		await app.reload();
		// The new worker installs and waits while a page of the old build is open; the page offers to switch.
		const update = page.getByRole('button', { name: 'Reload to update' });
		await update.waitFor({ timeout: 60_000 });
		expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting))).toBe(true);
		const build = () => page.evaluate(() => document.querySelector<HTMLMetaElement>('meta[name="checkup-build"]')?.content ?? 'v1');
		expect(await build()).toBe('v1');
		await update.click();
		// It takes over, the page reloads on the new build, and only the new build's cache is left.
		await expect.poll(build, { timeout: 60_000 }).toBe('v2');
		await expect.poll(() => page.evaluate(() => caches.keys()), { timeout: 60_000 }).toEqual([`checkup:${site.url}:${config.cache}`]);
		await page.getByRole('link', { name: 'Overview', exact: true }).click();
		await expect.poll(() => page.getByTestId('kpi-customers').textContent(), { timeout: 60_000 }).toBe(expectedDemo().customers);
		expect(await update.count()).toBe(0);
		expect(app.consoleErrors).toEqual([]);
	});
});
