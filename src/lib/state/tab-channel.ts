/** The app's tabs on one workspace telling each other what they stored (same browser, same origin only). */
import type { TabChange, TabChannel } from './workspace.svelte';

/** A BroadcastChannel named after the database; undefined where the browser has none (changes are then found on storing). */
export function tabChannel(databaseName: string): TabChannel | undefined {
	if (typeof BroadcastChannel === 'undefined') return undefined;
	const channel = new BroadcastChannel(`checkup:${databaseName}`);
	return {
		post: (change) => channel.postMessage(change),
		listen(heard) {
			const onMessage = (event: MessageEvent) => {
				if (event.data === 'scorecard' || event.data === 'workspace' || event.data === 'draft-left') heard(event.data as TabChange);
			};
			channel.addEventListener('message', onMessage);
			return () => channel.removeEventListener('message', onMessage);
		}
	};
}
