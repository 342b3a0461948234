/**
 * The merchant backend: every request under /api/paynet goes to the kit, which routes it itself
 * (its `basePath` default, /api/paynet, is this folder). One backend per server process: its
 * memory store and reconciler live as long as the process (use a Redis or SQL store when more
 * than one process serves the shop). It is made on the first request, not when the module
 * loads: `next build` loads this module to read its config, where PAYNET_* are not set.
 */
import { CLIENT_ADDRESS_HEADER, createPaynetCheckoutBackend, paynetConfigFromEnv, type PaynetCheckoutBackend } from 'paynet-checkout/server';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

let backend: PaynetCheckoutBackend | undefined;

function paynetBackend(): PaynetCheckoutBackend {
  backend ??= createPaynetCheckoutBackend({
    // PAYNET_BASE_URL, PAYNET_SECRET_KEY, PAYNET_AGENT_ID, PAYNET_USER_ID.
    paynet: paynetConfigFromEnv(process.env),
    // A route handler sees no socket: rate-limit by the last X-Forwarded-For entry, your
    // proxy's, or with none the socket address Next.js writes there when a request has none.
    trustProxy: true,
  });
  return backend;
}

/**
 * The request as the kit must see it. Next.js hands a route handler a `request.url` on its own
 * address (`http://localhost:PORT`), not the one the browser used, and the kit judges the Host
 * (its DNS-rebinding guard) and the same-origin rule from the URL: without this every POST
 * from the page is refused (403 origin_not_allowed). So the URL is rebuilt on the Host header,
 * as the kit's Node adapter does. The header only that adapter may set (the client address)
 * is dropped: its value is never the client's to choose.
 */
function asAddressed(request: Request): Request {
  const url = new URL(request.url);
  const host = request.headers.get('host');
  if (host !== null) url.host = host;
  const headers = new Headers(request.headers);
  headers.delete(CLIENT_ADDRESS_HEADER);
  // A Request as the init keeps method, body and signal; the inner one swaps the headers.
  return new Request(url, new Request(request, { headers }));
}

function handle(request: Request): Promise<Response> {
  return paynetBackend().handle(asAddressed(request));
}

export { handle as GET, handle as HEAD, handle as POST, handle as OPTIONS };
