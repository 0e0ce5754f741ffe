/**
 * Hosting a build the way the README's Deploy section says: serveStatic under a sub-path, with the recommended
 * headers added to every response, on a server a test can stop (no network) and start again on the same origin (a new deploy).
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { SECURITY_HEADERS } from '../../src/build/headers';
import { serveStatic, type StaticServer } from './server';

/** The dist/ the e2e global setup built (or CHECKUP_E2E_DIST). */
export function builtDist(): string {
	return resolve(process.env.CHECKUP_E2E_DIST ?? 'dist');
}

/** A host in front of serveStatic(dir) adding `headers`. */
export interface Host {
	url: string;
	/** Every path requested, in order. */
	requests: string[];
	close(): Promise<void>;
}

/** `port` 0 picks a free one; give the port of a closed host to deploy again on the same origin. */
export async function host(dir: string, headers: Readonly<Record<string, string>> = SECURITY_HEADERS, basePath = '/team/checkup/', port = 0): Promise<Host> {
	const origin: StaticServer = await serveStatic(dir, { basePath });
	const requests: string[] = [];
	const front = createServer((req, res) => {
		requests.push(req.url ?? '');
		const target = new URL(req.url ?? '/', origin.url);
		const upstream = request(target, { method: req.method, headers: req.headers }, (answer) => {
			res.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...headers });
			answer.pipe(res);
		});
		upstream.on('error', () => res.writeHead(502).end());
		req.pipe(upstream);
	});
	await new Promise<void>((done, fail) => {
		front.once('error', fail);
		front.listen(port, '127.0.0.1', () => done());
	});
	return {
		url: `http://127.0.0.1:${(front.address() as AddressInfo).port}${basePath}`,
		requests,
		async close() {
			await new Promise<void>((done) => {
				front.close(() => done());
				front.closeAllConnections();
			});
			await origin.close();
		}
	};
}
