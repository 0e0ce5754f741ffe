/**
 * Share links: a scorecard file compressed (deflate-raw) and base64url-encoded into the URL fragment,
 * `#/open-scorecard/<payload>`. The fragment never reaches the host. Opening one reads it back through the
 * scorecard file's schema, so a tampered link is refused like a tampered file.
 */
import { UNIT_SPACE } from './format';
import { MAX_SCORECARD_FILE_BYTES, readScorecardText, type ScorecardFile, type ScorecardFileResult } from './scorecard-file';

/** The route a share link opens. */
export const OPEN_SCORECARD_ROUTE = 'open-scorecard';
/**
 * Longest payload read: Chromium takes URLs up to 2 MB, but mail and chat clients cut links far sooner. A
 * payload this long is refused before decoding, and the link's size is shown when it is made.
 */
export const MAX_PAYLOAD_CHARS = 1_000_000;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const BASE64URL = /^[A-Za-z0-9_-]*$/;
/**
 * What a mail or chat tool, or a hand selecting the link, can leave after it at the end of a sentence or in
 * brackets: punctuation, a slash, spaces (also percent-encoded). None is base64url, so none is ever part of a payload.
 */
const TRAILING_CHARS = new Set([...' \t\r\n.,;:!?)]}>\'"/']);
const TRAILING_CODES = /%(?:20|22|27|29|3E|5D|7D)$/i;

/** The link's payload without what a tool left after it; read from the end, so a long hostile tail costs one pass. */
function withoutTrailing(text: string): string {
	let end = text.length;
	for (;;) {
		if (end > 0 && TRAILING_CHARS.has(text[end - 1])) end--;
		else if (end >= 3 && TRAILING_CODES.test(text.slice(end - 3, end))) end -= 3;
		else return text.slice(0, end);
	}
}

/** Each character code's value in ALPHABET (0 for others, which the caller has refused). */
const DIGIT = new Uint8Array(128);
for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

/** The link's payload for a scorecard file. */
export async function encodeScorecardPayload(file: ScorecardFile): Promise<string> {
	const bytes = new TextEncoder().encode(JSON.stringify(file));
	return toBase64Url(await pipe(bytes, new CompressionStream('deflate-raw'), Infinity));
}

/** The fragment of a share link, `#/open-scorecard/<payload>`. */
export function scorecardLinkHash(payload: string): string {
	return `#/${OPEN_SCORECARD_ROUTE}/${payload}`;
}

/** A whole share link: the page's address without its fragment, plus the fragment. */
export function scorecardLink(pageUrl: string, payload: string): string {
	return pageUrl.replace(/#.*$/s, '') + scorecardLinkHash(payload);
}

/** A payload read back: decoded, inflated (at most MAX_SCORECARD_FILE_BYTES) and checked as a scorecard file. */
export async function decodeScorecardPayload(link: string): Promise<ScorecardFileResult> {
	const payload = link.length <= MAX_PAYLOAD_CHARS ? withoutTrailing(link) : link;
	if (payload.length === 0) return fail('The link holds no scorecard: the part after “open-scorecard/” is empty.');
	if (payload.length > MAX_PAYLOAD_CHARS)
		return fail(`The link’s scorecard is ${payload.length.toLocaleString('en-US')} characters long; at most ${MAX_PAYLOAD_CHARS.toLocaleString('en-US')} are read.`);
	if (!BASE64URL.test(payload) || payload.length % 4 === 1) return fail('The link is damaged: its scorecard part is not base64url text. Was it cut short or changed?');
	let json: Uint8Array;
	try {
		json = await pipe(fromBase64Url(payload), new DecompressionStream('deflate-raw'), MAX_SCORECARD_FILE_BYTES);
	} catch (err) {
		if (err instanceof TooBig) return fail(`The link’s scorecard unpacks to more than ${MAX_SCORECARD_FILE_BYTES / 1024 / 1024}${UNIT_SPACE}MB; a scorecard is far smaller.`);
		return fail('The link is damaged: its scorecard cannot be unpacked. Was it cut short or changed?');
	}
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(json);
	} catch {
		return fail('The link is damaged: its scorecard is not UTF-8 text.');
	}
	return readScorecardText(text);
}

class TooBig extends Error {}

/** Bytes through a (de)compression stream, refusing output beyond `limit` bytes. */
async function pipe(bytes: Uint8Array, transform: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array> {
	const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(transform).getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.length;
		if (total > limit) {
			await reader.cancel().catch(() => {});
			throw new TooBig();
		}
		chunks.push(value);
	}
	const out = new Uint8Array(total);
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.length;
	}
	return out;
}

/** base64url without padding (RFC 4648 §5). */
export function toBase64Url(bytes: Uint8Array): string {
	let out = '';
	let i = 0;
	for (; i + 2 < bytes.length; i += 3) {
		const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
		out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
	}
	if (i < bytes.length) {
		const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8);
		out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + (i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '');
	}
	return out;
}

/** The bytes of base64url text without padding; the caller has checked the alphabet. */
export function fromBase64Url(text: string): Uint8Array {
	const value = (c: string) => DIGIT[c.charCodeAt(0)];
	const out = new Uint8Array(Math.floor((text.length * 3) / 4));
	let at = 0;
	for (let i = 0; i < text.length; i += 4) {
		const n = (value(text[i]) << 18) | (value(text[i + 1] ?? 'A') << 12) | (value(text[i + 2] ?? 'A') << 6) | value(text[i + 3] ?? 'A');
		out[at++] = n >> 16;
		if (i + 2 < text.length) out[at++] = (n >> 8) & 255;
		if (i + 3 < text.length) out[at++] = n & 255;
	}
	return out;
}

function fail(message: string): ScorecardFileResult {
	return { ok: false, problems: [message] };
}
