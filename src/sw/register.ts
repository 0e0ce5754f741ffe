/** Registers the service worker of a production build (dist/sw.js), scoped to the folder the app is served from. */

/** Registers ./sw.js once the page has loaded; a browser or host that refuses it just goes without offline use. */
export function registerServiceWorker(): void {
	if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
	const register = () =>
		navigator.serviceWorker.register('./sw.js').catch((err: unknown) => {
			console.warn('Checkup will not work offline here: the service worker was refused.', err);
		});
	if (document.readyState === 'complete') void register();
	else window.addEventListener('load', () => void register(), { once: true });
}
