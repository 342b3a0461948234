/**
 * The merchant backend: every request under /api/paynet goes to the kit, which routes it itself
 * (its `basePath` default, /api/paynet, is this folder). One backend per server process: its
 * memory store and reconciler live as long as the process (use a Redis or SQL store when more
 * than one process serves the shop). It is made on the first request, not when the module
 * loads: `next build` loads this module to read its config, where PAYNET_* are not set.
 */
import { createPaynetCheckoutBackend, paynetConfigFromEnv, type PaynetCheckoutBackend } from 'paynet-checkout/server';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

let backend: PaynetCheckoutBackend | undefined;

function paynetBackend(): PaynetCheckoutBackend {
  backend ??= createPaynetCheckoutBackend({
    // PAYNET_BASE_URL, PAYNET_SECRET_KEY, PAYNET_AGENT_ID, PAYNET_USER_ID.
    paynet: paynetConfigFromEnv(process.env),
    // Rate-limit by the last X-Forwarded-For entry: your proxy's, or, with none, the socket
    // address Next.js itself puts there when a request comes without one.
    trustProxy: true,
  });
  return backend;
}

/**
 * Next.js hands a route handler a `request.url` on its own address (`http://localhost:PORT`),
 * not the one the browser used. The kit judges the Host (its DNS-rebinding guard) and the
 * same-origin rule from the URL, so the URL is rebuilt on the Host header first, as the kit's
 * own Node adapter does.
 */
function asAddressed(request: Request): Request {
  const host = request.headers.get('host');
  if (host === null) return request;
  const url = new URL(request.url);
  url.host = host;
  return new Request(url, request);
}

function handle(request: Request): Promise<Response> {
  return paynetBackend().handle(asAddressed(request));
}

export { handle as GET, handle as HEAD, handle as POST, handle as OPTIONS };
