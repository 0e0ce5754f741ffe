/**
 * The header keeps its height on a phone while the first load finishes: the open alerts' badge ("Alerts 368")
 * and the save status ("Saved in this browser") appear seconds after the page, and neither may push the page
 * down under a reader (before, at 390 px the badge wrapped the navigation onto a third line, 36 px, and the
 * status took a line of its own, 19 px).
 */
import { describe, expect, test } from 'vitest';
import { openApp } from './browser';

/** One look at the page: where its content starts, and whether the badge and the status are shown yet. */
interface Look { top: number; badge: boolean; status: boolean }

/**
 * Run before the app: every animation frame from the first one with a <main>, notes where the content starts
 * and what the header shows, whenever either changes.
 */
const WATCH = `(() => {
	const looks = (window.__looks = []);
	const frame = () => {
		const main = document.querySelector('main');
		if (main) {
			const look = {
				top: main.getBoundingClientRect().top,
				badge: document.querySelector('[data-testid="alert-count"]') !== null,
				status: (document.querySelector('header .save')?.textContent ?? '').trim() !== ''
			};
			const last = looks.at(-1);
			if (!last || last.top !== look.top || last.badge !== look.badge || last.status !== look.status) looks.push(look);
		}
		requestAnimationFrame(frame);
	};
	requestAnimationFrame(frame);
})();`;

describe('the header on a phone, while the demo loads', () => {
	for (const width of [390, 320]) {
		test(`at ${width} px the content does not move when the alerts' badge and the save status appear`, async () => {
			const app = await openApp({ viewport: { width, height: 800 }, initScript: WATCH });
			try {
				const { page } = app;
				await page.getByTestId('alert-count').waitFor({ timeout: 60_000 });
				const looks = () => page.evaluate(() => (window as unknown as { __looks: Look[] }).__looks);
				await expect.poll(async () => (await looks()).at(-1)).toMatchObject({ badge: true, status: true });
				const seen = await looks();
				// Watched from before either appeared, or the comparison would prove nothing.
				expect(seen[0]).toMatchObject({ badge: false, status: false });
				expect(seen.map((look) => look.top)).toEqual(seen.map(() => seen[0].top));
				expect(app.consoleErrors).toEqual([]);
			} finally {
				await app.close();
			}
		});
	}
});
