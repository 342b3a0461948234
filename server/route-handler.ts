/**
 * The kit as a web-standard route handler for frameworks that hand it a `Request` whose URL is
 * the server's own address rather than the one the browser used — Next.js's app router gives a
 * route handler `http://localhost:PORT/…` whatever the Host. The kit judges the Host (its guard
 * against DNS rebinding) and the same-origin rule from the request's URL, so there every POST
 * from the shop's page would be refused (403 `origin_not_allowed`) and any Host let through.
 * This rebuilds the URL on the Host header the browser sent, as the Node adapter does, and
 * drops the client-address header only the Node adapter may set (its value is never the
 * client's to choose; with `trustProxy` the rate limit keys on X-Forwarded-For instead).
 *
 *   const handle = paynetRouteHandler(() => createPaynetCheckoutBackend({ … }));
 *   export { handle as GET, handle as HEAD, handle as POST, handle as OPTIONS };
 */
import type { PaynetCheckoutBackend } from './backend.js';
import { CLIENT_ADDRESS_HEADER } from './backend.js';
import { HttpError } from './handlers/http-response.js';
import { parseHostPort } from './host-policy.js';

export interface RouteHandlerOptions {
  /** Behind your proxy: the scheme comes from X-Forwarded-Proto (as `trustProxy` of the Node adapter). */
  trustProxy?: boolean;
}

export interface PaynetRouteHandler {
  (request: Request): Promise<Response>;
  /** Closes the backend, if a request made one. */
  close(): Promise<void>;
}

/**
 * `backend` may be a function that makes it: it is then called on the first request, not when
 * the module loads (`next build` loads route modules where PAYNET_* are not set).
 */
export function paynetRouteHandler(backend: PaynetCheckoutBackend | (() => PaynetCheckoutBackend), options: RouteHandlerOptions = {}): PaynetRouteHandler {
  let made: PaynetCheckoutBackend | undefined = typeof backend === 'function' ? undefined : backend;
  const handle = async (request: Request): Promise<Response> => {
    const addressed = asAddressed(request, options.trustProxy ?? false);
    if (addressed instanceof HttpError) return addressed.toResponse();
    made ??= (backend as () => PaynetCheckoutBackend)();
    return made.handle(addressed);
  };
  return Object.assign(handle, {
    async close() {
      await made?.close();
      if (typeof backend === 'function') made = undefined;
    },
  });
}

/** The request on the address the browser used (its Host header), without the adapter-only header. */
export function asAddressed(request: Request, trustProxy = false): Request | HttpError {
  const url = new URL(request.url);
  const host = request.headers.get('host');
  if (host !== null) {
    if (parseHostPort(host) === undefined) return new HttpError(400, 'bad_host', 'The Host header is not a host name or host:port.');
    url.host = host;
  }
  if (trustProxy) {
    const proto = request.headers.get('x-forwarded-proto')?.split(',').at(-1)?.trim();
    if (proto === 'https' || proto === 'http') url.protocol = `${proto}:`;
  }
  const headers = new Headers(request.headers);
  headers.delete(CLIENT_ADDRESS_HEADER);
  // A Request as the init keeps method, body and signal; the inner one swaps the headers.
  return new Request(url, new Request(request, { headers }));
}
