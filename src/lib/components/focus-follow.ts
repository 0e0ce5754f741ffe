import { tick } from 'svelte';
import type { Attachment } from 'svelte/attachments';

/**
 * Keyboard focus follows the user's action: when the control pressed disappears or disables itself, focus goes to
 * what took its place (the next step's heading, a progress, the result message), so a screen reader reads it and
 * Tab goes on from there instead of from the top of the page.
 *
 * Only an action of this component's user moves focus (`arm` in its handler): a result still shown when the page
 * is opened again, or one that arrives after the user has moved focus elsewhere, leaves focus where it is.
 */
export class FocusFollow {
	/** Where focus was when the action was armed (or last moved by it); undefined when nothing is asked. */
	#from: Element | null | undefined = undefined;

	/** Called by the handler of a control about to disappear or disable itself. */
	arm = (): void => {
		this.#from = document.activeElement;
	};

	/** On what appears in its place: focused, and the action's focus ends there. */
	to: Attachment<HTMLElement> = (node) => this.#take(node, false);

	/** On a passing step (a progress, a "working…" line): focused, and focus goes on to the next `to` after it. */
	via: Attachment<HTMLElement> = (node) => this.#take(node, true);

	#take(node: HTMLElement, passing: boolean): void {
		if (this.#from === undefined) return;
		const now = document.activeElement;
		// Still on the control pressed, or lost with it: the user has not gone anywhere since.
		if (now !== null && now !== document.body && now !== this.#from) {
			this.#from = undefined;
			return;
		}
		node.focus();
		this.#from = passing ? node : undefined;
	}
}

/**
 * What the user's action just showed takes focus: a confirmation (its question is read and Tab reaches its buttons
 * next), the Undo offered after a removal, a metric's name field when the metric was just added.
 */
export const focusOnMount: Attachment<HTMLElement> = (node) => node.focus();

/**
 * Escape inside a confirmation answers it as its Cancel button does (which gives focus back to the control that
 * asked), as a keyboard user expects of any dialog.
 */
export function escapeCancels(cancel: () => void): Attachment<HTMLElement> {
	return (node) => {
		const onKey = (event: KeyboardEvent) => {
			if (event.key !== 'Escape' || event.defaultPrevented) return;
			event.preventDefault();
			cancel();
		};
		node.addEventListener('keydown', onKey);
		return () => node.removeEventListener('keydown', onKey);
	};
}

/** Focuses an element once the page has updated: a button re-enabled, or shown again when a confirmation closes. */
export async function focusAfterUpdate(element: () => HTMLElement | null | undefined): Promise<void> {
	await tick();
	element()?.focus();
}

/** The first control in `node` the keyboard reaches (a link, a field, a button), for focus moved to a list item. */
export function firstControl(node: Element | null | undefined): HTMLElement | null {
	return node?.querySelector<HTMLElement>('a[href], input:not(:disabled), select:not(:disabled), textarea:not(:disabled), button:not(:disabled)') ?? null;
}
