import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

/** A running static server: `url` is the sub-path root, ending in '/'. */
export interface StaticServer {
	url: string;
	close(): Promise<void>;
}

/** Options for {@link serveStatic}. */
export interface ServeOptions {
	/** The sub-path the directory appears under; must start and end with '/'. */
	basePath?: string;
	/** 0 picks a free port. */
	port?: number;
}

const CONTENT_TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.ico': 'image/x-icon',
	'.wasm': 'application/wasm',
	'.json': 'application/json; charset=utf-8',
	'.webmanifest': 'application/manifest+json; charset=utf-8',
	'.map': 'application/json; charset=utf-8',
	'.csv': 'text/csv; charset=utf-8',
	'.txt': 'text/plain; charset=utf-8',
	'.woff2': 'font/woff2'
};

/**
 * Serves `dir` under a sub-path on 127.0.0.1, the way a static host would, so the tests prove that a
 * build made with a relative base works away from '/'. GET and HEAD only; anything outside the
 * sub-path or the directory is a 404.
 */
export async function serveStatic(dir: string, options: ServeOptions = {}): Promise<StaticServer> {
	const basePath = options.basePath ?? '/team/checkup/';
	if (!basePath.startsWith('/') || !basePath.endsWith('/')) {
		throw new Error(`invalid basePath; must start and end with '/': ${basePath}`);
	}
	const root = resolve(dir);
	const server = createServer((req, res) => {
		handle(root, basePath, req, res).catch((error: unknown) => {
			if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', String(error));
			else res.destroy();
		});
	});
	await new Promise<void>((done, fail) => {
		server.once('error', fail);
		server.listen(options.port ?? 0, '127.0.0.1', () => done());
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}${basePath}`,
		close: () =>
			new Promise<void>((done, fail) => {
				server.close((error) => (error ? fail(error) : done()));
				// A browser keeps idle keep-alive sockets open; without this close() waits for them.
				server.closeAllConnections();
			})
	};
}

async function handle(root: string, basePath: string, req: IncomingMessage, res: ServerResponse) {
	if (req.method !== 'GET' && req.method !== 'HEAD') {
		res.setHeader('Allow', 'GET, HEAD');
		return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed');
	}
	const pathname = (req.url ?? '/').split(/[?#]/, 1)[0];
	// Relative asset URLs only resolve under the sub-path when its root ends in '/'.
	if (pathname === basePath.slice(0, -1)) {
		res.writeHead(301, { Location: basePath }).end();
		return;
	}
	const file = resolveFile(root, basePath, pathname);
	if (!file) return notFound(res);
	const info = await stat(file).catch(() => null);
	if (!info?.isFile()) return notFound(res);
	const body = await readFile(file);
	const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
	send(res, 200, type, req.method === 'HEAD' ? null : body, body.length);
}

/** The file a request path names, or null when it is outside the sub-path or the directory. */
export function resolveFile(root: string, basePath: string, pathname: string): string | null {
	if (!pathname.startsWith(basePath)) return null;
	let relative: string;
	try {
		relative = decodeURIComponent(pathname.slice(basePath.length));
	} catch {
		return null;
	}
	if (relative.includes('\0') || relative.includes('\\')) return null;
	if (relative === '') relative = 'index.html';
	const file = resolve(root, relative);
	return file.startsWith(root + sep) ? file : null;
}

function notFound(res: ServerResponse) {
	send(res, 404, 'text/plain; charset=utf-8', 'not found');
}

function send(
	res: ServerResponse,
	status: number,
	type: string,
	body: string | Buffer | null,
	length = body === null ? 0 : Buffer.byteLength(body)
) {
	res.writeHead(status, {
		'Content-Type': type,
		'Content-Length': length,
		'Cache-Control': 'no-cache',
		'X-Content-Type-Options': 'nosniff'
	});
	res.end(body ?? undefined);
}
