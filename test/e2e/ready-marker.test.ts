/**
 * <main data-workspace> is what the browser tests wait for (openApp, reload, gotoPage): it must say 'ready' only
 * once the scores the page shows exist ('failed', when the workspace cannot be opened: damaged.test.ts).
 */
import { describe, expect, test } from 'vitest';
import { openApp, waitForWorkspace } from './browser';
import { expectedDemo } from './expected';

/** What the page showed each time the marker changed, as the change happened. */
interface Seen { phase: string | null; customers: string | null; waiting: string[]; trend: boolean }

/** Run before the app: notes what <main> shows at each change of its data-workspace, in the mutation's own turn. */
const WATCH = `(() => {
	const seen = (window.__seen = []);
	const look = () => {
		const main = document.querySelector('main');
		const phase = main?.getAttribute('data-workspace') ?? null;
		if (seen.length && seen.at(-1).phase === phase) return;
		seen.push({
			phase,
			customers: main?.querySelector('[data-testid="kpi-customers"]')?.textContent ?? null,
			waiting: [...(main?.querySelectorAll('[role=status]') ?? [])].map((e) => e.textContent.trim()).filter((t) => /Opening|Scoring/.test(t)),
			trend: !!main?.querySelector('[data-testid="trend-chart"]')
		});
	};
	new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-workspace'] });
})();`;

describe('the workspace’s ready marker', () => {
	test('goes from opening through scoring to ready, and is ready only once the Overview shows the demo’s scores and trend', async () => {
		const app = await openApp({ path: '#/overview', initScript: WATCH, waitFor: 'load' });
		try {
			const { page } = app;
			await waitForWorkspace(page, 'ready', app.consoleErrors);
			const seen = (await page.evaluate(() => (window as unknown as { __seen: Seen[] }).__seen)).filter((s) => s.phase !== null);
			expect(seen.map((s) => s.phase)).toEqual(['opening', 'scoring', 'ready']);
			expect(seen[0].waiting).toEqual(['Opening your workspace…']);
			// Ready: the figures are the engine's for the demo, and nothing on the page still says it is waiting.
			expect(seen[2]).toEqual({ phase: 'ready', customers: expectedDemo().customers, waiting: [], trend: true });
			expect(app.consoleErrors).toEqual([]);
		} finally {
			await app.close();
		}
	});
});
