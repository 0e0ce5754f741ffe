import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';

/** Flags that keep Chromium quiet, offline and working as root in a container. */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

/** Options for {@link openApp}. */
export interface OpenAppOptions {
	/** Reuse a profile (IndexedDB, localStorage) from an earlier session; default: a fresh one. */
	userDataDir?: string;
	/** Appended to the app's URL, e.g. '#/scorecards' or '?demo=1'. */
	path?: string;
	/** Default 1280×800. */
	viewport?: { width: number; height: number };
	/** Default: the values global-setup provides. */
	baseURL?: string;
	chromiumPath?: string;
	/** 'block' keeps the app's service worker out, so that a test's routes see every request (default 'allow'). */
	serviceWorkers?: 'allow' | 'block';
	/** Script run in every page before the app's own code (to watch the first load from its start). */
	initScript?: string;
	/**
	 * What to wait for after the load event (see {@link waitForWorkspace}): 'ready' (default), 'failed' (a test of
	 * a workspace that cannot be opened), or nothing more ('load').
	 */
	waitFor?: WorkspacePhase | 'load';
}

/** The workspace's phase as <main data-workspace> says it (Workspace.phase). */
export type WorkspacePhase = 'opening' | 'scoring' | 'ready' | 'failed';

/** Options for {@link AppSession.close}. */
export interface CloseOptions {
	/** Leave the profile on disk so `openApp({ userDataDir })` can open it again. */
	keepUserDataDir?: boolean;
}

/** One browser with the app open in it, and what it did that a test should look at. */
export interface AppSession {
	page: Page;
	context: BrowserContext;
	/** The app's URL as opened, including `path`. */
	url: string;
	/** console.error messages and uncaught errors, as text, in the order they happened. */
	consoleErrors: string[];
	/** Every requested URL whose origin is not the app's (data: and blob: URLs excepted). */
	foreignRequests: string[];
	userDataDir: string;
	/** Reloads the page and waits for the workspace to be ready again (or for `waitFor`, as in openApp). */
	reload(waitFor?: WorkspacePhase | 'load'): Promise<void>;
	/** Closes the browser; removes the profile unless asked to keep it. */
	close(options?: CloseOptions): Promise<void>;
}

/** Launches Chromium on a profile and opens the app in it. */
export async function openApp(options: OpenAppOptions = {}): Promise<AppSession> {
	const baseURL = options.baseURL ?? inject('baseURL');
	const executablePath = options.chromiumPath ?? inject('chromiumPath');
	const userDataDir = options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'checkup-e2e-')));
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport: options.viewport ?? { width: 1280, height: 800 },
		serviceWorkers: options.serviceWorkers ?? 'allow'
	});
	const appOrigin = new URL(baseURL).origin;
	const consoleErrors: string[] = [];
	const foreignRequests: string[] = [];
	context.on('console', (message) => {
		if (message.type() === 'error') consoleErrors.push(message.text());
	});
	context.on('weberror', (webError) => {
		const error = webError.error();
		consoleErrors.push(error.stack ?? `${error.name}: ${error.message}`);
	});
	context.on('request', (request) => {
		const url = request.url();
		if (!isOwnRequest(url, appOrigin)) foreignRequests.push(url);
	});

	const url = baseURL + (options.path ?? '');
	let page: Page;
	try {
		if (options.initScript) await context.addInitScript(options.initScript);
		page = context.pages()[0] ?? (await context.newPage());
		await page.goto(url, { waitUntil: 'load' });
		if (options.waitFor !== 'load') await waitForWorkspace(page, options.waitFor ?? 'ready', consoleErrors);
	} catch (error) {
		await context.close();
		if (!options.userDataDir) await removeProfile(userDataDir);
		throw error;
	}
	return {
		page,
		context,
		url,
		consoleErrors,
		foreignRequests,
		userDataDir,
		async reload(waitFor = 'ready') {
			await page.reload({ waitUntil: 'load' });
			if (waitFor !== 'load') await waitForWorkspace(page, waitFor, consoleErrors);
		},
		async close({ keepUserDataDir = false }: CloseOptions = {}) {
			await context.close();
			if (!keepUserDataDir) await removeProfile(userDataDir);
		}
	};
}

/**
 * Waits until the workspace is in `phase` (default 'ready': open, and its portfolio's every snapshot scored, so
 * the scores every page shows exist). After a goto or reload, the page's h1 is no sign of it: it shows while the
 * workspace opens. When the phase does not come within `timeout`, the error says where the page is instead.
 */
export async function waitForWorkspace(page: Page, phase: WorkspacePhase = 'ready', consoleErrors: readonly string[] = [], timeout = 60_000): Promise<void> {
	try {
		await page.locator(`main[data-workspace="${phase}"]`).waitFor({ state: 'attached', timeout });
	} catch (err) {
		const errors = consoleErrors.length ? `; console errors: ${consoleErrors.join(' | ')}` : '; no console error';
		throw new Error(`the workspace was not ${phase} within ${timeout / 1000} s: ${await describePage(page)}${errors}`, { cause: err });
	}
}

/**
 * Goes to one of the app's pages by its hash, within the open page (the workspace stays open), and waits until
 * the app shows it and the workspace is ready: the document title, which the app sets once the page is built,
 * names it (`title`, e.g. "Data" for "Data · Checkup"; by default "Customer <id>" for '#/customers/<id>', else the
 * page's name capitalised). Right after the address changes, `main` still holds the page before (its h1 included).
 */
export async function gotoPage(app: AppSession, hash: string, title = titleOf(hash)): Promise<void> {
	await app.page.goto(`${app.url.split('#')[0]}${hash}`);
	await expect.poll(() => app.page.title()).toBe(`${title} · Checkup`);
	await waitForWorkspace(app.page, 'ready', app.consoleErrors);
}

function titleOf(hash: string): string {
	const [page, id] = hash.replace(/^#\//, '').split('/');
	return page === 'customers' && id !== undefined ? `Customer ${decodeURIComponent(id)}` : page[0].toUpperCase() + page.slice(1);
}

/** Goes to a customer's page (see {@link gotoPage}): shown once its title names the customer, not the one before. */
export function gotoCustomer(app: AppSession, id: string): Promise<void> {
	return gotoPage(app, `#/customers/${encodeURIComponent(id)}`, `Customer ${id}`);
}

/**
 * The app for a describe block's tests: opened before them, ready once `ready(page)` shows (within `timeout` ms),
 * closed after them. The object returned is that session once the block's beforeAll has run (empty until then).
 */
export function appForTests(options: OpenAppOptions, ready: (page: Page) => Locator, timeout = 30_000): AppSession {
	const app = {} as AppSession;
	beforeAll(async () => {
		Object.assign(app, await openApp(options));
		await ready(app.page).waitFor({ timeout });
	});
	afterAll(async () => {
		await app.close?.();
	});
	return app;
}

/**
 * Opens the app with the import worker's script served with `prelude` put before its own code (to stand in for
 * what a test cannot make happen for real: a stalling drive, more cores). The app's service worker is kept
 * out: it would serve the script from its cache, past the route.
 */
export async function openAppWithImportWorkerPrelude(prelude: string, options: Omit<OpenAppOptions, 'serviceWorkers'> = {}): Promise<AppSession> {
	const app = await openApp({ ...options, serviceWorkers: 'block' });
	await app.context.route(/\/assets\/import\.worker-[^/]+\.js$/, async (route) => {
		const response = await route.fetch();
		await route.fulfill({ response, body: prelude + (await response.text()) });
	});
	return app;
}

/** Starts again from the demo (Data page, Reset demo, confirmed), so that the next import replaces it instead of adding to the portfolio. */
export async function resetDemo(page: Page): Promise<void> {
	await page.getByRole('link', { name: 'Data', exact: true }).click();
	const reset = page.getByRole('button', { name: 'Reset demo…' });
	await reset.click();
	await page.getByRole('button', { name: 'Yes, reset the demo' }).click();
	// The button is enabled again once the workspace is no longer busy resetting.
	await expect.poll(() => reset.isEnabled()).toBe(true);
	await page.getByRole('table', { name: 'Imports' }).getByText('Demo portfolio').waitFor();
}

/**
 * Chooses `path` in the Data page's file picker. When the picker does not appear, the error says where the page
 * is instead (its route, heading, import phase, status and alert texts, and the console errors so far), so that
 * a failure on a loaded machine can be explained from the log.
 */
export async function chooseCsvFile(page: Page, path: string, consoleErrors: readonly string[] = [], timeout = 30_000): Promise<void> {
	const picker = page.getByLabel(/Choose (a|another) CSV file/);
	try {
		await picker.waitFor({ state: 'attached', timeout });
	} catch (err) {
		const errors = consoleErrors.length ? `; console errors: ${consoleErrors.join(' | ')}` : '; no console error';
		throw new Error(`the Data page's file picker did not appear within ${timeout / 1000} s: ${await describePage(page)}${errors}`, { cause: err });
	}
	await picker.setInputFiles(path);
}

/**
 * Imports a CSV through the Data page as a user does with the defaults: the file chosen, its as-of date typed when
 * given (a file without an as-of column), the whole file read, Import clicked, and "Imported" shown. `timeout`
 * (default 30 s) is how long the picker and "Imported" are waited for: more for a big file on a loaded machine.
 */
export async function importCsvFile(page: Page, path: string, options: { asOf?: string; consoleErrors?: readonly string[]; timeout?: number } = {}): Promise<void> {
	const timeout = options.timeout ?? 30_000;
	await chooseCsvFile(page, path, options.consoleErrors, timeout);
	const read = page.getByRole('button', { name: 'Read the whole file' });
	await read.waitFor();
	if (options.asOf) await page.getByLabel('These figures are as of').fill(options.asOf);
	await read.click();
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await page.getByTestId('import-done').waitFor({ timeout });
}

/** An element's accessible name as Chromium computes it (what a screen reader reads), not its text content. */
export async function accessibleName(element: Locator): Promise<string> {
	const snapshot = await element.ariaSnapshot();
	const m = /^- [\w-]+ "((?:[^"\\]|\\.)*)"/.exec(snapshot);
	if (!m) throw new Error(`not a named element: ${snapshot}`);
	return JSON.parse(`"${m[1]}"`) as string;
}

/**
 * Starts recording what an element (found by test id, appearing and going as the page wills) says each time its
 * text changes, as a live region's listener hears it; the returned function reads the list so far.
 */
export async function recordSaid(page: Page, testId: string): Promise<() => Promise<string[]>> {
	const key = `said:${testId}`;
	await page.evaluate(([key, testId]) => {
		const said: string[] = [];
		(window as unknown as Record<string, string[]>)[key] = said;
		new MutationObserver(() => {
			const text = document.querySelector(`[data-testid="${testId}"]`)?.textContent ?? '';
			if (text && text !== said.at(-1)) said.push(text);
		}).observe(document.querySelector('main')!, { subtree: true, childList: true, characterData: true });
	}, [key, testId]);
	return () => page.evaluate((key) => [...(window as unknown as Record<string, string[]>)[key]], key);
}

/**
 * Starts recording what the live regions of the element `selector` finds (itself and those inside it) announce,
 * as a screen reader hears them: each time a region's text changes to something, "assertive: …" or "polite: …".
 * The returned function reads the list so far.
 */
export async function recordAnnounced(page: Page, selector: string): Promise<() => Promise<string[]>> {
	const key = `announced:${selector}`;
	await page.evaluate(([key, selector]) => {
		const said: string[] = [];
		(window as unknown as Record<string, string[]>)[key] = said;
		const root = document.querySelector(selector)!;
		const last = new Map<Element, string>();
		const politeness = (e: Element) => e.getAttribute('aria-live') ?? { alert: 'assertive', status: 'polite', log: 'polite' }[e.getAttribute('role') ?? ''] ?? null;
		new MutationObserver(() => {
			for (const region of [root, ...root.querySelectorAll('*')]) {
				const how = politeness(region);
				if (!how || how === 'off') continue;
				const text = region.textContent?.trim() ?? '';
				if (text && text !== last.get(region)) said.push(`${how}: ${text}`);
				last.set(region, text);
			}
		}).observe(root, { subtree: true, childList: true, characterData: true });
	}, [key, selector]);
	return () => page.evaluate((key) => [...(window as unknown as Record<string, string[]>)[key]], key);
}

/** Where the app is, in words: its route, the workspace's phase, heading, import phase, and what its status and alert regions say. */
export async function describePage(page: Page): Promise<string> {
	return page
		.evaluate(() => {
			const text = (selector: string) => [...document.querySelectorAll(selector)].map((e) => e.textContent?.trim().replace(/\s+/g, ' ').slice(0, 160)).join(' / ') || '(none)';
			const phase = document.querySelector('.import')?.getAttribute('data-phase') ?? '(no import panel)';
			const workspace = document.querySelector('main')?.getAttribute('data-workspace') ?? '(no main)';
			return `at ${location.hash || '(no hash)'}; workspace ${workspace}; h1 "${text('h1')}"; import phase ${phase}; status "${text('[role=status]')}"; alert "${text('[role=alert]')}"`;
		})
		.catch((err: unknown) => `the page does not answer (${String(err)})`);
}

/**
 * What keeps the page from reading at its current width (WCAG reflow): how many pixels the page scrolls
 * sideways, how many charts there are, and the charts whose smallest text is shown under 9.5 px (the font
 * size times the drawing's scale), with that size; how many boxes in the page scroll sideways, those of them
 * that show no scroll shadow on either side (there is always more to scroll one way or the other), and those a
 * keyboard cannot reach.
 */
export async function reflowProblems(page: Page): Promise<{ wide: number; charts: number; small: { chart: string; px: number }[]; scrollers: number; unhinted: string[]; unreachable: string[] }> {
	return page.evaluate(() => {
		const wide = document.documentElement.scrollWidth - document.documentElement.clientWidth;
		// Boxes that scroll sideways now (a text area shows it itself).
		// Not what a closed <details> hides: Chromium lays it out when asked (content-visibility), though nobody sees it.
		const scrollers = Array.from(document.querySelectorAll<HTMLElement>('main :not(textarea)')).filter(
			(e) => /auto|scroll/.test(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1 && e.getBoundingClientRect().width > 0 && !e.closest('details:not([open])')
		);
		const unhinted = scrollers.flatMap((e) => {
			const style = getComputedStyle(e);
			const shown = ['--shadow-left', '--shadow-right'].filter((side) => !/^(transparent|rgba\(0, 0, 0, 0\))$/.test(style.getPropertyValue(side).trim()));
			const name = e.querySelector('caption')?.textContent ?? e.getAttribute('aria-label') ?? e.className;
			return shown.length > 0 && style.boxShadow.includes('inset') ? [] : [`${name}: no scroll shadow (box-shadow ${style.boxShadow})`];
		});
		const charts = Array.from(document.querySelectorAll<SVGSVGElement>('main svg[viewBox]')).filter((svg) => svg.getBoundingClientRect().width > 0 && svg.querySelector('text'));
		const shown = charts.map((svg) => {
			const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
			const size = Math.min(...Array.from(svg.querySelectorAll('text')).map((t) => parseFloat(getComputedStyle(t).fontSize)));
			return { chart: svg.getAttribute('aria-label')?.slice(0, 40) ?? '', px: Math.round(size * scale * 10) / 10 };
		});
		// Reachable by keyboard: focusable and named itself (its own tab stop, not only in Chromium), or holding
		// something focusable, whose focus the arrow keys then scroll.
		const unreachable = scrollers
			.filter((e) => !(e.getAttribute('tabindex') === '0' && e.getAttribute('aria-label')) && !e.querySelector('a[href], button, input, select, textarea, [tabindex]'))
			.map((e) => e.querySelector('caption')?.textContent ?? e.querySelector('[aria-label]')?.getAttribute('aria-label') ?? e.outerHTML.slice(0, 80));
		return { wide, charts: shown.length, small: shown.filter((t) => t.px < 9.5), scrollers: scrollers.length, unhinted, unreachable };
	});
}

function isOwnRequest(url: string, appOrigin: string): boolean {
	if (url.startsWith('data:') || url.startsWith('blob:')) return true;
	try {
		return new URL(url).origin === appOrigin;
	} catch {
		return false;
	}
}

async function removeProfile(dir: string) {
	// Chromium may still be writing its last files for a moment after close.
	await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}

/** Starts recording main-thread long tasks (≥ 50 ms); `longest()` reads the longest since. */
export async function watchLongTasks(page: Page) {
	await page.evaluate(() => {
		const w = window as unknown as { __longest: number; __observer?: PerformanceObserver };
		w.__observer?.disconnect();
		w.__longest = 0;
		w.__observer = new PerformanceObserver((list) => {
			for (const entry of list.getEntries()) w.__longest = Math.max(w.__longest, entry.duration);
		});
		w.__observer.observe({ type: 'longtask' });
	});
	return () => page.evaluate(() => (window as unknown as { __longest: number }).__longest);
}
