/** A new deploy of the app, installed in the background and waiting: the user chooses when to switch to it. */

/** What the notice needs: how to save pending edits first, and how to switch. */
export interface AppUpdateDeps {
	flush: () => Promise<void>;
	switchTo: (registration: ServiceWorkerRegistration) => void;
}

export class AppUpdate {
	/** The registration whose new worker is waiting, or null when the app is up to date. */
	waiting = $state.raw<ServiceWorkerRegistration | null>(null);
	switching = $state(false);
	#deps: AppUpdateDeps;

	constructor(deps: AppUpdateDeps) {
		this.#deps = deps;
	}

	/** Called when a new build is installed and waiting. */
	found = (registration: ServiceWorkerRegistration): void => {
		this.waiting = registration;
	};

	/** Saves pending edits, then lets the new build take over; the page reloads on it. */
	async apply(): Promise<void> {
		const registration = this.waiting;
		if (!registration || this.switching) return;
		this.switching = true;
		await this.#deps.flush();
		this.#deps.switchTo(registration);
	}
}
