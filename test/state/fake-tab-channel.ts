/** What a BroadcastChannel does between tabs, for tests of several Workspaces in one process. */
import type { TabChange, TabChannel } from '../../src/lib/state/workspace.svelte';

/** A channel's tabs: each call connects one more; a message reaches every other tab, later (a task after posting). */
export function channel(): () => TabChannel {
	const tabs = new Set<(change: TabChange) => void>();
	return () => {
		let mine: ((change: TabChange) => void) | undefined;
		return {
			post: (change) => setTimeout(() => tabs.forEach((heard) => heard !== mine && heard(change))),
			listen(heard) {
				mine = heard;
				tabs.add(heard);
				return () => tabs.delete(heard);
			}
		};
	};
}
