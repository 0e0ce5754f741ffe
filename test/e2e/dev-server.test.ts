// `npm start` (the README's first command): Vite's dev server. The app there must look like the built app: Vite
// serves styles inline on the dev server, which the strict policy of index.html refused (the app showed
// unstyled, Times on white) until src/build/dev-styles-plugin.ts let the dev server's policy allow them.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openApp, type AppSession } from './browser';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the dev server (npm start)', () => {
	let server: ViteDevServer;
	let app: AppSession;

	beforeAll(async () => {
		server = await createServer({ root: ROOT, configFile: resolve(ROOT, 'vite.config.ts'), logLevel: 'error', server: { host: '127.0.0.1', port: 0, strictPort: false } });
		await server.listen();
		const address = server.httpServer?.address();
		if (!address || typeof address === 'string') throw new Error('the dev server has no port');
		app = await openApp({ baseURL: `http://127.0.0.1:${address.port}/` });
	});

	afterAll(async () => {
		await app?.close();
		await server?.close();
	});

	test('shows the demo styled, with no style refused by the policy', async () => {
		const nav = app.page.getByRole('navigation').first();
		await app.page.getByTestId('kpi-customers').waitFor({ timeout: 60_000 });
		expect(await app.page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain('system-ui');
		// Styled, the navigation is a row of links, not a bulleted list.
		expect(await nav.locator('li').first().evaluate((li) => getComputedStyle(li).listStyleType)).toBe('none');
		expect(app.consoleErrors.filter((e) => e.includes('Content Security Policy'))).toEqual([]);
	});
});
