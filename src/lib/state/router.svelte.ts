/** Hash routing: #/overview, #/customers, #/customers/<id>, #/scorecard, #/data, #/learn, #/share. */

export type Route =
	| { page: 'overview' }
	| { page: 'customers' }
	| { page: 'customer'; id: string }
	| { page: 'scorecard' }
	| { page: 'data' }
	| { page: 'learn' }
	| { page: 'share' }
	| { page: 'alerts' }
	| { page: 'worklist' }
	| { page: 'open-scorecard'; payload: string }
	| { page: 'not-found'; path: string };

const SIMPLE = ['overview', 'customers', 'scorecard', 'data', 'learn', 'share', 'alerts', 'worklist'] as const;

const TITLES = {
	overview: 'Overview',
	customers: 'Customers',
	scorecard: 'Scorecard',
	data: 'Data',
	learn: 'Learn',
	share: 'Share',
	alerts: 'Alerts',
	worklist: 'Worklist',
	'open-scorecard': 'Open a shared scorecard',
	'not-found': 'Page not found'
} as const satisfies Record<Exclude<Route['page'], 'customer'>, string>;

/** The document title of a route's page (WCAG 2.4.2), so tabs, history and screen readers tell pages apart. */
export function pageTitle(route: Route): string {
	return `${pageName(route)} · Checkup`;
}

/** A route's page in words: its title, and its heading while the workspace opens. */
export function pageName(route: Route): string {
	return route.page === 'customer' ? `Customer ${route.id}` : TITLES[route.page];
}

/** The route a location hash names. An empty hash is the overview. */
export function parseHash(hash: string): Route {
	const path = hash.replace(/^#\/?/, '');
	if (path === '') return { page: 'overview' };
	const [head, ...rest] = path.split('/');
	if (head === 'customers' && rest.length === 1 && rest[0] !== '') return { page: 'customer', id: decodedOr(rest[0]) };
	// A share link's scorecard (base64url, so never percent-encoded) is passed on as it is, with a slash a tool
	// may have added after it; share-link.ts checks it.
	if (head === 'open-scorecard' && rest.length >= 1) return { page: 'open-scorecard', payload: rest.join('/') };
	const simple = SIMPLE.find((p) => p === head);
	if (simple && rest.length === 0) return { page: simple };
	return { page: 'not-found', path };
}

/** A percent-encoded part of an address, decoded; as it is when its escapes are broken (`%E0%A4%A`), which no link of ours writes. */
function decodedOr(part: string): string {
	try {
		return decodeURIComponent(part);
	} catch {
		return part;
	}
}

/** The hash of a route, for links. */
export function href(route: Route): string {
	if (route.page === 'customer') return `#/customers/${encodeURIComponent(route.id)}`;
	if (route.page === 'open-scorecard') return `#/open-scorecard/${route.payload}`;
	if (route.page === 'not-found') return '#/overview';
	return `#/${route.page}`;
}

/** Whether a click follows an in-app link the ordinary way (no modifier: not a new tab or window), giving the hash it goes to. */
export function followedHash(event: Pick<MouseEvent, 'button' | 'metaKey' | 'ctrlKey' | 'shiftKey' | 'altKey' | 'defaultPrevented'>, href: string | null): string | null {
	if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
	return href !== null && href.startsWith('#/') ? href : null;
}

class Router {
	#hash = $state(typeof location === 'undefined' ? '' : location.hash);
	route: Route = $derived(parseHash(this.#hash));
	/**
	 * How the route last changed: 'link' when the user followed a link in the app (the page should start at its
	 * top), 'history' for back / forward or an address typed (the browser restores the scroll), 'start' before any.
	 */
	navigation: 'start' | 'link' | 'history' = 'start';
	#followed: string | null = null;

	constructor() {
		if (typeof window === 'undefined') return;
		// Bubbling, so a link whose own handler cancels the click is not counted. Clicks elsewhere leave the mark
		// alone: a button may have just called replace().
		window.addEventListener('click', (event) => {
			const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
			if (link) this.#followed = followedHash(event, link.getAttribute('href'));
		});
		window.addEventListener('hashchange', () => {
			this.navigation = this.#followed !== null && this.#followed === location.hash ? 'link' : 'history';
			this.#followed = null;
			this.#hash = location.hash;
		});
	}

	/** Opens `hash` in place of the current history entry (a share link's page leaves none behind), at its top like a followed link. */
	replace(hash: `#/${string}`) {
		this.#followed = hash;
		location.replace(hash);
	}
}

export const router = new Router();
