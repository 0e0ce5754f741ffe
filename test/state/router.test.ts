import { describe, expect, it } from 'vitest';
import { followedHash, href, pageTitle, parseHash } from '../../src/lib/state/router.svelte';

const plain = { button: 0, metaKey: false, ctrlKey: false, shiftKey: false, altKey: false, defaultPrevented: false };

describe('followedHash', () => {
	it('counts a plain click on an in-app link, with the hash it goes to', () => expect(followedHash(plain, '#/share')).toBe('#/share'));
	it('does not count a click that opens a new tab or window, or another button', () => {
		for (const key of ['metaKey', 'ctrlKey', 'shiftKey', 'altKey'] as const) expect(followedHash({ ...plain, [key]: true }, '#/share'), key).toBeNull();
		expect(followedHash({ ...plain, button: 1 }, '#/share')).toBeNull();
	});
	it('does not count a click a handler cancelled (the skip link)', () => expect(followedHash({ ...plain, defaultPrevented: true }, '#/share')).toBeNull());
	it('does not count links that are not routes', () => {
		expect(followedHash(plain, '#main')).toBeNull();
		expect(followedHash(plain, 'https://example.com/#/share')).toBeNull();
		expect(followedHash(plain, null)).toBeNull();
	});
});

describe('parseHash and href', () => {
	it('reads every page back from its own link', () => {
		for (const page of ['overview', 'customers', 'scorecard', 'data', 'learn', 'share', 'alerts', 'worklist'] as const) expect(parseHash(href({ page }))).toEqual({ page });
		expect(parseHash(href({ page: 'customer', id: 'ACC/1 #2' }))).toEqual({ page: 'customer', id: 'ACC/1 #2' });
	});
	it('opens the overview on an empty address and says what it cannot find', () => {
		expect(parseHash('')).toEqual({ page: 'overview' });
		expect(parseHash('#/nowhere/else')).toEqual({ page: 'not-found', path: 'nowhere/else' });
		// A customer address with a broken escape (typed, or cut short) names that text, whose page says there is no
		// such customer; decoding it threw, which left the page before it on screen under the new address.
		expect(parseHash('#/customers/%E0%A4%A')).toEqual({ page: 'customer', id: '%E0%A4%A' });
	});
});

describe('pageTitle', () => {
	it('names each page, a customer by ID, and an unknown address', () => {
		expect(pageTitle(parseHash('#/overview'))).toBe('Overview · Checkup');
		expect(pageTitle(parseHash(''))).toBe('Overview · Checkup');
		expect(pageTitle(parseHash('#/worklist'))).toBe('Worklist · Checkup');
		expect(pageTitle(parseHash('#/customers/ACC%2F7'))).toBe('Customer ACC/7 · Checkup');
		expect(pageTitle(parseHash('#/open-scorecard/abc'))).toBe('Open a shared scorecard · Checkup');
		expect(pageTitle(parseHash('#/nowhere'))).toBe('Page not found · Checkup');
	});
});
