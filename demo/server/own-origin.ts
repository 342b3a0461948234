/**
 * What the demo counts as itself: the host names it answers for (a page reaching it under any
 * other name is a DNS-rebinding attack, or a mistake) and the origins its own page has. The
 * simulator's phone control (`/_sim/…`) approves payments, so only the demo's own page may
 * drive it: no other site, whatever the browser was tricked into.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from '../../server/handlers/http-response.js';

export interface OwnOrigin {
  /** For the host policy: host:port entries. */
  hosts: readonly string[];
  /** Exact origins the demo's page is served from. */
  origins: ReadonlySet<string>;
}

/**
 * The loopback names of `port` (127.0.0.1, localhost, [::1]), the host of the URL the demo
 * printed (a specific address it was told to bind to), and the configured public URL's.
 */
export function ownOrigin(port: number, url: string, publicBaseUrl?: string): OwnOrigin {
  const urls = [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`, url, ...(publicBaseUrl === undefined ? [] : [publicBaseUrl])].map((u) => new URL(u));
  return {
    hosts: [...new Set(urls.map((u) => u.host))],
    origins: new Set(urls.map((u) => u.origin)),
  };
}

/**
 * Why a request to the phone control is refused, or undefined: a browser that says the
 * request comes from another site (`Sec-Fetch-Site: cross-site` or `same-site`, which a
 * page on another local port is), or an `Origin` that is not the demo's own (any method). A
 * request with no Origin is not from a page (browsers send Origin on every POST) and passes,
 * as the kit's origin rule lets it: a client outside a browser can write any Origin anyway.
 */
export function crossSiteRefusal(request: IncomingMessage, own: OwnOrigin): HttpError | undefined {
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  if (site === 'cross-site' || site === 'same-site' || (origin !== undefined && !own.origins.has(origin))) {
    return new HttpError(403, 'origin_not_allowed', 'Only the demo’s own page may use the phone control.');
  }
  return undefined;
}
