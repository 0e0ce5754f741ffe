/**
 * The UI's import path for the number formats, which live in core (core/format.ts) so that core's own sentences
 * (alerts, momentum, next band) read numbers the same way without importing outward.
 */
export * from './core/format';
