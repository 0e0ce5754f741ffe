/** A new deploy of the app, installed in the background and waiting: the user chooses when to switch to it. */

/** What the notice needs: how to save pending edits first (throwing when they could not be), and how to switch. */
export interface AppUpdateDeps {
	flush: () => Promise<void>;
	switchTo: (registration: ServiceWorkerRegistration) => void;
}

export class AppUpdate {
	/** The registration whose new worker is waiting, or null when the app is up to date. */
	waiting = $state.raw<ServiceWorkerRegistration | null>(null);
	switching = $state(false);
	/** Why the switch did not happen (edits that could not be saved): the page is not reloaded over them. */
	error = $state<string | null>(null);
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
		this.error = null;
		try {
			await this.#deps.flush();
		} catch (err) {
			// A reload now would lose the edits that were not saved: stay, and say so.
			this.switching = false;
			this.error = `Your latest changes could not be saved (${err instanceof Error ? err.message : String(err)}), so Checkup did not reload. Free some space or try again.`;
			return;
		}
		this.#deps.switchTo(registration);
	}
}
