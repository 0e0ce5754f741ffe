/** The deploy pieces built in node: the CSP of index.html, the service worker's source, the preset folder. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_HEADER } from '../../src/build/headers';
import { PRESET_FILES, readPresetDir } from '../../src/build/preset-plugin';
import { PRESET_FILES as CORE_PRESET_FILES } from '../../src/lib/core/preset';
import { serviceWorkerSource } from '../../src/build/service-worker-plugin';
import { allowInlineStyles } from '../../src/build/dev-styles-plugin';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), 'checkup-deploy-'));
	dirs.push(dir);
	return dir;
}
afterAll(async () => {
	for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('Content-Security-Policy', () => {
	it('index.html carries exactly the documented policy, with no inline script', () => {
		const html = readFileSync('index.html', 'utf8');
		expect(/http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]).toBe(CONTENT_SECURITY_POLICY);
		expect(CONTENT_SECURITY_POLICY_HEADER).toBe(`${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
		expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*|https?:/);
		// Every <script> is an external module: nothing inline for the policy to have to allow.
		expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script type="module" src="/src/main.ts">']);
	});

	it('no component has a static style attribute, which the policy refuses (seen in Chromium: style-src-attr)', () => {
		// Svelte writes a style with {expressions} through the CSSOM (element.style), which the policy allows; a
		// fully static one goes into the component's HTML template, where the browser drops it.
		const files = readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.svelte'));
		expect(files.length).toBeGreaterThan(10);
		const offenders = files.filter((f) => /\sstyle="[^"{]*"/.test(readFileSync(join('src', f), 'utf8')));
		expect(offenders).toEqual([]);
	});
});

describe('untrusted data is never markup', () => {
	it('no source writes HTML from a string: no {@html}, innerHTML, outerHTML, insertAdjacentHTML, document.write or d3 .html()', () => {
		// Customer names, column names, labels and scorecard files are the user's data: they reach the page as text only.
		const files = readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((f) => /\.(svelte|ts|mjs)$/.test(f));
		expect(files.length).toBeGreaterThan(100);
		const sink = /\{@html\b|\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|\.html\(|srcdoc|new DOMParser|createContextualFragment/;
		const offenders = files.filter((f) => sink.test(readFileSync(join('src', f), 'utf8')));
		expect(offenders).toEqual([]);
		expect(sink.test('node.innerHTML = name')).toBe(true);
		expect(sink.test('{@html label}')).toBe(true);
	});
});

describe('allowInlineStyles (the dev server only)', () => {
	it("lets index.html's policy allow inline styles and changes nothing else", () => {
		const html = readFileSync(new URL('../../index.html', import.meta.url), 'utf8');
		const dev = allowInlineStyles(html);
		expect(dev).toContain("style-src 'self' 'unsafe-inline';");
		expect(dev.replace(" 'unsafe-inline'", '')).toBe(html);
		expect(() => allowInlineStyles(html.replace("style-src 'self';", "style-src 'none';"))).toThrow(/no "style-src 'self';"/);
	});
});

describe('serviceWorkerSource', () => {
	it('lists every file but maps, READMEs and the README\'s screenshot, as relative paths, under a name that changes with any byte', async () => {
		const dir = await tempDir();
		await mkdir(join(dir, 'assets'));
		await mkdir(join(dir, 'preset'));
		for (const [file, text] of [['index.html', '<!doctype html>'], ['assets/a-1.js', 'x'], ['assets/a-1.js.map', '{}'], ['assets/t.wasm', 'w'], ['preset/README.md', '#'], ['preset/data.csv', 'id\n'], ['screenshot.png', 'png'], ['sw.js', 'old']]) {
			await writeFile(join(dir, file), text);
		}
		const first = await serviceWorkerSource(dir);
		expect(first.config.files).toEqual(['assets/a-1.js', 'assets/t.wasm', 'index.html', 'preset/data.csv']);
		expect(first.config.cache).toMatch(/^[0-9a-f]{16}$/);
		// It is JavaScript a worker can run: the source parses, and TypeScript left nothing behind.
		expect(() => new Function(first.source)).not.toThrow();
		expect(first.source).toContain(`cache: prefix + "${first.config.cache}"`);
		expect((await serviceWorkerSource(dir)).config.cache).toBe(first.config.cache);
		await writeFile(join(dir, 'preset/data.csv'), 'id\nA\n');
		expect((await serviceWorkerSource(dir)).config.cache).not.toBe(first.config.cache);
	});
});

describe('readPresetDir', () => {
	it('names the files as core does', () => expect(PRESET_FILES).toEqual(CORE_PRESET_FILES));

	it('is null without a scorecard, and refuses data without one', async () => {
		const dir = await tempDir();
		expect(readPresetDir(dir)).toBeNull();
		await writeFile(join(dir, 'README.md'), '#');
		expect(readPresetDir(dir)).toBeNull();
		await writeFile(join(dir, 'data.csv'), 'id\n');
		expect(() => readPresetDir(dir)).toThrow(`The preset folder ${dir} has data.csv but no scorecard.json: a preset needs its scorecard.`);
		await writeFile(join(dir, 'scorecard.json'), '{}');
		expect(readPresetDir(dir)).toEqual({ scorecard: '{}', data: new TextEncoder().encode('id\n'), mapping: undefined });
	});
});
