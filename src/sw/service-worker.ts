/**
 * The service worker: precaches one build's files and serves them, so a deployment opens and works without a
 * network after the first visit. The build plugin (src/build/service-worker-plugin.ts) writes this function's
 * source into dist/sw.js with the build's file list and cache name, so it must not use anything from outside
 * its own body.
 */

/** What the build writes into the worker. */
export interface ServiceWorkerConfig {
	/** This build's cache name: the prefix, the scope and a hash of every precached file. */
	cache: string;
	/** Cache names that start with this belong to this deployment (same origin and scope). */
	prefix: string;
	/** Every file of the build, relative to the worker's scope ('' is the scope itself: index.html). */
	files: string[];
}

export function serviceWorkerMain(self: ServiceWorkerGlobalScope, config: ServiceWorkerConfig): void {
	const scope = self.registration.scope;
	const precached = new Set(config.files.map((file) => new URL(file, scope).href));
	const index = new URL('index.html', scope).href;

	self.addEventListener('install', (event) => {
		// 'reload': straight from the network, never a stale HTTP cache entry of an earlier build.
		event.waitUntil(caches.open(config.cache).then((cache) => cache.addAll([...precached].map((url) => new Request(url, { cache: 'reload' })))));
	});

	self.addEventListener('activate', (event) => {
		event.waitUntil(
			(async () => {
				// Earlier builds of this deployment only; other deployments on the same origin keep theirs.
				for (const name of await caches.keys()) if (name.startsWith(config.prefix) && name !== config.cache) await caches.delete(name);
				await self.clients.claim();
			})()
		);
	});

	// The page asks for this when the user chooses to switch to a new build now.
	self.addEventListener('message', (event) => {
		if (event.data === 'skipWaiting') void self.skipWaiting();
	});

	self.addEventListener('fetch', (event) => {
		const request = event.request;
		if (request.method !== 'GET') return;
		const url = new URL(request.url);
		url.hash = '';
		const page = url.origin + url.pathname;
		const isApp = request.mode === 'navigate' && (page === scope || page === index);
		const key = isApp ? index : url.search === '' ? page : '';
		if (!precached.has(key)) return; // not ours: the browser fetches it as usual
		event.respondWith(
			caches
				.open(config.cache)
				.then((cache) => cache.match(key))
				.then((hit) => hit ?? fetch(request))
		);
	});
}
