/**
 * server/README.md's Next.js route handler, `app/api/paynet/[...path]/route.ts`, as a module the
 * route-handler test serves: Next hands each method's export a web Request whose URL is the
 * whole path, and the kit routes it under its basePath, /api/paynet.
 */
import { CLIENT_ADDRESS_HEADER, createPaynetCheckoutBackend, paynetConfigFromEnv, type PaynetCheckoutBackend } from '../../../server/index.js';

// README: next-route
export const runtime = 'nodejs'; // the kit runs on Node, not on the edge runtime
export const dynamic = 'force-dynamic';

let backend: PaynetCheckoutBackend | undefined;

function handle(request: Request): Promise<Response> {
  // Created on the first request: PAYNET_* are read when the server answers, not at `next build`.
  // Next has no socket address to pass on: the rate limit keys on the X-Forwarded-For entry
  // that Vercel or your own proxy appends (trustProxy).
  backend ??= createPaynetCheckoutBackend({ paynet: paynetConfigFromEnv(process.env), trustProxy: true });
  // That key is never the client's to choose: drop the header only the Node adapter may set.
  const headers = new Headers(request.headers);
  headers.delete(CLIENT_ADDRESS_HEADER);
  return backend.handle(new Request(request, { headers }));
}

export { handle as GET, handle as HEAD, handle as POST, handle as OPTIONS };
// README end

/** For the test: stops the backend the first request created. */
export async function closeBackend(): Promise<void> {
  await backend?.close();
  backend = undefined;
}
