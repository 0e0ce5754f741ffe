/** The app's tabs on one workspace telling each other that its scorecard changed in storage (same origin only). */
import type { ScorecardChanges } from './workspace.svelte';

/** A BroadcastChannel named after the database; undefined where the browser has none (changes are then found on save). */
export function scorecardChannel(databaseName: string): ScorecardChanges | undefined {
	if (typeof BroadcastChannel === 'undefined') return undefined;
	const channel = new BroadcastChannel(`checkup:${databaseName}:scorecard`);
	return {
		post: () => channel.postMessage('changed'),
		listen(heard) {
			const onMessage = () => heard();
			channel.addEventListener('message', onMessage);
			return () => channel.removeEventListener('message', onMessage);
		}
	};
}
