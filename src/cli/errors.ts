/** Errors the command line reports in words, with the exit code they end it with. */

/** Exit codes: 0 done, 1 an unexpected failure (a bug), 2 bad input or usage (the message says what). */
export const EXIT = { ok: 0, internal: 1, input: 2 } as const;

/** Bad input or usage: the message is for the user and the command ends with exit code 2. */
export class CliError extends Error {
	override name = 'CliError';
}

/**
 * Why a file could not be read or written, without the path: Node's message repeats it ("ENOENT: no such file or
 * directory, open 'out/x.csv'"), and ours names the file already.
 */
export function fileProblem(err: unknown): string {
	const message = err instanceof Error ? err.message : String(err);
	return message.replace(/^E[A-Z]+: /, '').replace(/, \w+ '.*$/s, '');
}
