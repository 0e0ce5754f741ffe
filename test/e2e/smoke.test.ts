import { request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openApp, type AppSession } from './browser';
import { findChromium } from './chromium';
import { serveStatic, type StaticServer } from './server';

describe('the production build, served under a sub-path', () => {
	let app: AppSession;

	beforeAll(async () => {
		app = await openApp();
	});

	afterAll(async () => {
		await app?.close();
	});

	test('is titled Checkup, and each page after itself', async () => {
		expect(await (await fetch(app.url.split('#')[0])).text()).toContain('<title>Checkup</title>');
		await expect.poll(() => app.page.title()).toBe('Overview · Checkup');
	});

	test('renders the app into #app', async () => {
		await app.page.locator('#app > *').first().waitFor({ state: 'attached' });
		expect((await app.page.locator('#app').innerText()).trim()).not.toBe('');
	});

	test('draws text with a real font', async () => {
		// Without any font installed Chromium lays text out at zero width and screenshots are blank.
		const width = await app.page.evaluate(() => {
			const context = document.createElement('canvas').getContext('2d')!;
			context.font = '16px sans-serif';
			return context.measureText('Checkup').width;
		});
		expect(width, 'Chromium found no fonts: apt-get install -y fonts-dejavu-core').toBeGreaterThan(0);
	});

	test('logs no errors and requests nothing from another origin', () => {
		expect.soft(app.consoleErrors).toEqual([]);
		expect.soft(app.foreignRequests).toEqual([]);
	});
});

describe('the test harness', () => {
	let dir: string;
	let server: StaticServer;

	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'checkup-serve-'));
		await writeFile(join(dir, 'index.html'), '<!doctype html><title>t</title>');
		await writeFile(join(dir, 'model.wasm'), new Uint8Array([0, 97, 115, 109]));
		server = await serveStatic(dir, { basePath: '/team/checkup/' });
	});

	afterAll(async () => {
		await server?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('serves index.html at the sub-path root and files with their content type', async () => {
		expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/team\/checkup\/$/);
		expect(await get(server.url, '/team/checkup/')).toMatchObject({
			status: 200,
			type: expect.stringMatching(/^text\/html/)
		});
		expect(await get(server.url, '/team/checkup/model.wasm')).toMatchObject({
			status: 200,
			type: 'application/wasm'
		});
	});

	test('redirects the sub-path without its slash, so relative URLs resolve', async () => {
		expect(await get(server.url, '/team/checkup')).toMatchObject({
			status: 301,
			location: '/team/checkup/'
		});
	});

	test('answers 404 outside the sub-path, for missing files and for path traversal', async () => {
		for (const path of [
			'/',
			'/index.html',
			'/team/checkup/missing.js',
			'/team/checkup/../checkup/index.html',
			'/team/checkup/..%2f..%2fetc%2fpasswd',
			'/team/checkup/%2e%2e/%2e%2e/etc/passwd',
			'/team/checkup/..%5c..%5cetc%5cpasswd'
		]) {
			expect((await get(server.url, path)).status, path).toBe(404);
		}
	});

	test('fails with the way to get Chromium when there is none', () => {
		expect(() => findChromium({}, ['/nonexistent/chromium'])).toThrow(
			/Browser tests need Chromium.*apt-get install -y chromium.*CHECKUP_CHROMIUM=/
		);
		expect(() => findChromium({ CHECKUP_CHROMIUM: '/nonexistent' })).toThrow(
			/^CHECKUP_CHROMIUM=\/nonexistent is not an executable file/
		);
	});
});

/** A raw GET: fetch() would normalise '..' away before the server ever saw it. */
function get(base: string, path: string) {
	const { hostname, port } = new URL(base);
	return new Promise<{ status: number; type?: string; location?: string }>((done, fail) => {
		request({ hostname, port, path, method: 'GET' }, (res) => {
			res.resume();
			res.on('end', () =>
				done({
					status: res.statusCode ?? 0,
					type: res.headers['content-type'],
					location: res.headers.location
				})
			);
		})
			.on('error', fail)
			.end();
	});
}
