/**
 * The merchant backend: every request under /api/paynet goes to the kit, which routes it itself
 * (its `basePath` default, /api/paynet, is this folder). One backend per server process: its
 * memory store and reconciler live as long as the process (use a Redis or SQL store when more
 * than one process serves the shop).
 *
 * `paynetRouteHandler` puts each request back on the address the browser used: Next.js hands a
 * route handler `http://localhost:PORT/…` whatever the Host, and the kit judges the Host (its
 * DNS-rebinding guard) and the same-origin rule from the URL.
 */
import { createPaynetCheckoutBackend, paynetConfigFromEnv, paynetRouteHandler } from 'paynet-checkout/server';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// Made on the first request, not when the module loads: `next build` loads this module to read
// its config, where PAYNET_* (PAYNET_BASE_URL, PAYNET_SECRET_KEY, PAYNET_AGENT_ID,
// PAYNET_USER_ID) are not set. A route handler sees no socket: the rate limit keys on the last
// X-Forwarded-For entry, your proxy's, or with none the socket address Next.js writes there
// when a request has none.
const handle = paynetRouteHandler(() => createPaynetCheckoutBackend({ paynet: paynetConfigFromEnv(process.env), trustProxy: true }));

export { handle as GET, handle as HEAD, handle as POST, handle as OPTIONS };
