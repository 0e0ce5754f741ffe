import { accessSync, constants, statSync } from 'node:fs';

/** Environment variables that name a Chromium to use, in the order they are honoured. */
export const CHROMIUM_ENV_VARS = ['CHECKUP_CHROMIUM', 'CHROME_PATH'] as const;

/** Where Debian, Ubuntu and Google's packages put Chromium or Chrome, searched in this order. */
export const CHROMIUM_CANDIDATES = [
	'/usr/bin/chromium',
	'/usr/bin/chromium-browser',
	'/usr/bin/google-chrome',
	'/usr/bin/google-chrome-stable'
] as const;

const HOW_TO_GET_ONE =
	'Browser tests need Chromium. Install it (Debian/Ubuntu: sudo apt-get install -y chromium) ' +
	'or point at one: set CHECKUP_CHROMIUM=/path/to/chrome';

function isExecutableFile(path: string): boolean {
	try {
		if (!statSync(path).isFile()) return false;
		accessSync(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/**
 * The path of the Chromium the browser tests drive. Throws, never returns a guess: the e2e run must
 * fail loudly when there is no browser rather than skip.
 */
export function findChromium(
	env: NodeJS.ProcessEnv = process.env,
	candidates: readonly string[] = CHROMIUM_CANDIDATES
): string {
	for (const name of CHROMIUM_ENV_VARS) {
		const path = env[name];
		if (!path) continue;
		if (!isExecutableFile(path)) {
			throw new Error(`${name}=${path} is not an executable file. ${HOW_TO_GET_ONE}`);
		}
		return path;
	}
	const found = candidates.find(isExecutableFile);
	if (found) return found;
	throw new Error(`No Chromium found (looked in ${candidates.join(', ')}). ${HOW_TO_GET_ONE}`);
}
