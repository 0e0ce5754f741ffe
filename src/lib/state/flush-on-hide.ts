/**
 * Stores the edits still waiting for their debounce when the page is hidden or left: a tab closed, or switched
 * away from and then discarded, within the delay would otherwise lose them. Hidden (the page still runs): the
 * usual save, at once. Left (`pagehide`): what still lands once the page is gone (Workspace.leaveEditsOnClose).
 * A phone's app switcher may kill a hidden page without a `pagehide`.
 */
export interface HideTarget {
	flush(): Promise<unknown>;
	leave(): void;
}

export function flushOnHide(edits: HideTarget, page: Pick<Window, 'addEventListener' | 'removeEventListener'> = window, doc: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'> = document): () => void {
	const leave = () => edits.leave();
	const onVisibility = () => {
		if (doc.visibilityState === 'hidden') void edits.flush().catch(() => {});
	};
	page.addEventListener('pagehide', leave);
	doc.addEventListener('visibilitychange', onVisibility);
	return () => {
		page.removeEventListener('pagehide', leave);
		doc.removeEventListener('visibilitychange', onVisibility);
	};
}
