/**
 * The HTTP headers a static host should send with Checkup (README, Deploy). index.html carries the same policy in
 * a <meta http-equiv> so that a host which sends no header is still covered; a meta tag cannot carry
 * frame-ancestors, so only the header form forbids framing.
 */

/** The Content-Security-Policy of index.html's meta tag (a test checks they are the same). */
export const CONTENT_SECURITY_POLICY = [
	"default-src 'self'",
	// 'wasm-unsafe-eval' compiles tfjs's WebAssembly (Learn); it allows no JavaScript eval.
	"script-src 'self' 'wasm-unsafe-eval'",
	// Svelte sets dynamic styles through the CSSOM (element.style), which style-src does not govern.
	"style-src 'self'",
	// blob: for chart PNG export (the chart's SVG drawn on a canvas), data: for inline SVG icons.
	"img-src 'self' data: blob:",
	"font-src 'self'",
	"connect-src 'self'",
	"worker-src 'self'",
	"manifest-src 'self'",
	"media-src 'none'",
	"object-src 'none'",
	"frame-src 'none'",
	"child-src 'self'",
	"base-uri 'self'",
	"form-action 'none'"
].join('; ');

/** The policy as a response header: the meta policy plus what only a header can say. */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

/** Every header the Deploy section recommends, for every file of dist/. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER,
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'no-referrer',
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'
};
