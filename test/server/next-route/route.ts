/**
 * server/README.md's Next.js route handler, `app/api/paynet/[...path]/route.ts`, as a module the
 * route-handler test serves: Next hands each method's export a web Request with the whole path
 * on the server's own address (`http://localhost:PORT`), and the kit routes it under its
 * basePath, /api/paynet, on the address the browser used.
 */
import { createPaynetCheckoutBackend, paynetConfigFromEnv, paynetRouteHandler } from '../../../server/index.js';

// README: next-route
export const runtime = 'nodejs'; // the kit runs on Node, not on the edge runtime
export const dynamic = 'force-dynamic';

// Made on the first request: PAYNET_* are read when the server answers, not at `next build`.
// A route handler sees no socket address: the rate limit keys on the last X-Forwarded-For
// entry, the one Vercel or your own proxy appends (trustProxy).
const handle = paynetRouteHandler(() => createPaynetCheckoutBackend({ paynet: paynetConfigFromEnv(process.env), trustProxy: true }));

export { handle as GET, handle as HEAD, handle as POST, handle as OPTIONS };
// README end

/** For the test: stops the backend the first request created. */
export function closeBackend(): Promise<void> {
  return handle.close();
}
