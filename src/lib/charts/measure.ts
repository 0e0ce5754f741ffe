/**
 * How wide a chart's text is drawn, injected into the layouts so they stay pure and testable: the components pass
 * one that measures in the page's font with its letter and word spacing (text-width.ts), the tests a fake. Without
 * one, a layout falls back to its per-character estimate, which user spacing (WCAG 1.4.12) outgrows.
 */
export type TextWidth = (text: string, px: number, weight?: number) => number;
