/**
 * A loopback static server for the bench's browser pages: fixed routes (pages, probe scripts)
 * and directories mounted under a prefix (a build's output). Nothing is cached by the server;
 * each load in a fresh browser context comes with a cold cache.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

export interface StaticRoute {
  body: string;
  type: string;
  headers?: Record<string, string>;
}

export interface StaticServer {
  /** "http://127.0.0.1:<port>" */
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** `mounts`: URL prefix ("/ours/") → directory served below it; a URL ending in "/" is that folder's index.html. */
export async function serveStatic(routes: Record<string, StaticRoute>, mounts: Record<string, string>): Promise<StaticServer> {
  const server = createServer((request, response) => {
    void answer(request.url ?? '/').then(
      ({ status, body, headers }) => response.writeHead(status, { 'cache-control': 'no-store', ...headers }).end(body),
      () => response.writeHead(500).end(),
    );
  });
  async function answer(url: string): Promise<{ status: number; body: string | Buffer; headers: Record<string, string> }> {
    const path = decodeURIComponent(new URL(url, 'http://localhost').pathname);
    const route = routes[path];
    if (route !== undefined) return { status: 200, body: route.body, headers: { 'content-type': route.type, ...route.headers } };
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (!path.startsWith(prefix)) continue;
      // A folder's URL ("/paynet-checkout/") is its index.html, as on any static host.
      const file = normalize(join(dir, path.slice(prefix.length), path.endsWith('/') ? 'index.html' : ''));
      if (!file.startsWith(normalize(dir) + sep)) break;
      try {
        return { status: 200, body: await readFile(file), headers: { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' } };
      } catch {
        break;
      }
    }
    return { status: 404, body: 'not found', headers: { 'content-type': 'text/plain' } };
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
