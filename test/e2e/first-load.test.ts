/**
 * While the workspace opens on a first visit (the demo is made, seconds), the page already has its heading, where
 * the page puts it: a screen reader or keyboard user arriving then finds the page named (before, there was only a
 * status line and no heading), and the page, once open, takes the heading's place without moving it.
 */
import { describe, expect, test } from 'vitest';
import { openApp } from './browser';

/** One look at the page: its heading, where it is, and what the page's status line says. */
interface Look { h1: string | null; top: number | null; status: string | null }

/** Run before the app: every animation frame from the first one with a <main>, notes any change of the look. */
const WATCH = `(() => {
	const looks = (window.__looks = []);
	const frame = () => {
		const main = document.querySelector('main');
		if (main) {
			const h1 = main.querySelector('h1');
			const look = { h1: h1?.textContent ?? null, top: h1 ? h1.getBoundingClientRect().top : null, status: main.querySelector('[role=status]')?.textContent ?? null };
			const last = looks.at(-1);
			if (!last || last.h1 !== look.h1 || last.top !== look.top || last.status !== look.status) looks.push(look);
		}
		requestAnimationFrame(frame);
	};
	requestAnimationFrame(frame);
})();`;

describe('the first open, while the workspace opens', () => {
	for (const { path, loading, loaded } of [
		{ path: '#/overview', loading: 'Overview', loaded: 'Overview' },
		{ path: '#/customers/ACC-0001', loading: 'Customer ACC-0001', loaded: null }
	]) {
		test(`${path} has its heading from the start, in the place the page keeps it`, async () => {
			const app = await openApp({ path, initScript: WATCH });
			try {
				const { page } = app;
				const looks = () => page.evaluate(() => (window as unknown as { __looks: Look[] }).__looks);
				// Open: the status line has gone (the Overview's trend may say it is scoring, under the heading), and the
				// page has its own heading (a customer's, the customer's name).
				const open = (look?: Look) => !!look && look.status !== 'Opening your workspace…' && look.h1 !== null && (loaded !== null || look.h1 !== loading);
				await expect.poll(async () => open((await looks()).at(-1)), { timeout: 60_000 }).toBe(true);
				const seen = await looks();
				// Watched from before the workspace was open, or the comparison would prove nothing.
				expect(seen[0]).toMatchObject({ h1: loading, status: 'Opening your workspace…' });
				expect(seen.map((look) => look.top)).toEqual(seen.map(() => seen[0].top));
				if (loaded) expect(seen.map((look) => look.h1)).toEqual(seen.map(() => loaded));
				else expect(seen.at(-1)!.h1).not.toBe(loading);
				expect(app.consoleErrors).toEqual([]);
			} finally {
				await app.close();
			}
		});
	}
});
