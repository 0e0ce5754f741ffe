/** Registers the service worker of a production build (dist/sw.js), scoped to the folder the app is served from. */

/** Says when a new build has installed and is waiting for the old one's pages to go. */
export type UpdateListener = (registration: ServiceWorkerRegistration) => void;

/** Calls `onWaiting` once a newer worker is installed and waiting (now, or whenever one arrives). */
function watchForUpdates(registration: ServiceWorkerRegistration, onWaiting: UpdateListener): void {
	// With no controller this is the first install, not an update.
	const waiting = () => registration.waiting && navigator.serviceWorker.controller && onWaiting(registration);
	waiting();
	registration.addEventListener('updatefound', () => {
		const installing = registration.installing;
		installing?.addEventListener('statechange', () => {
			if (installing.state === 'installed') waiting();
		});
	});
}

/** Registers ./sw.js once the page has loaded; a browser or host that refuses it just goes without offline use. */
export function registerServiceWorker(onWaiting: UpdateListener = () => {}): void {
	if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
	const register = () =>
		navigator.serviceWorker
			.register('./sw.js')
			.then((registration: ServiceWorkerRegistration | undefined) => {
				// Resolving with none (as a browser driven by Playwright with service workers blocked does) is a refusal too.
				if (!registration) throw new Error('the browser gave no registration');
				watchForUpdates(registration, onWaiting);
			})
			.catch((err: unknown) => {
				console.warn('Checkup will not work offline here: the service worker was refused.', err);
			});
	if (document.readyState === 'complete') void register();
	else window.addEventListener('load', () => void register(), { once: true });
}

/** Lets the waiting worker take over, and reloads the page on the new build once it has. */
export function switchToWaiting(registration: ServiceWorkerRegistration): void {
	navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
	registration.waiting?.postMessage('skipWaiting');
}
