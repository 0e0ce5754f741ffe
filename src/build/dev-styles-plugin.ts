/**
 * Vite plugin, dev server only (`npm start`): Vite serves the app's styles there as inline <style> elements,
 * injected from JavaScript so they reload on an edit, and the strict Content-Security-Policy of index.html
 * refuses inline styles: the app showed unstyled. On the dev server the policy's style-src also allows inline
 * styles; the built app (npm run build) keeps the strict policy, which the browser tests check.
 */
import type { Plugin } from 'vite';

const STRICT = "style-src 'self';";

/** index.html with its policy's style-src allowing inline styles; throws when the policy is not the expected one. */
export function allowInlineStyles(html: string): string {
	if (!html.includes(STRICT)) throw new Error(`index.html's Content-Security-Policy has no "${STRICT}" to relax for the dev server`);
	return html.replace(STRICT, "style-src 'self' 'unsafe-inline';");
}

export function devStylesPlugin(): Plugin {
	return { name: 'checkup-dev-styles', apply: 'serve', transformIndexHtml: { order: 'pre', handler: allowInlineStyles } };
}
