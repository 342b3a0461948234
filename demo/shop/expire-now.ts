/**
 * The phone panel's "Let it expire" button, in the demo only. Paynet's pages give the kit no
 * way to hear that a PayPOS session ran out (an expired session reads as "nothing paid yet"),
 * so the kit calls a session expired at its own `expiresAt`. The demo cannot make a prospect
 * wait five minutes: after the simulator expires the session, this moves the kit's record of
 * it to "its time is up now" — a fast-forward of the clock for that one session, nothing a
 * real shop does. The kit then runs its usual last check and answers `expired`.
 */
import type { PaynetCheckoutBackend } from '../../server/backend.js';
import { updateSession } from '../../server/store/session-store.js';

const EXPIRE_PATH = /\/_sim\/sessions\/([^/]+)\/expire$/;

export async function fastForwardExpiry(backend: PaynetCheckoutBackend, pathname: string): Promise<void> {
  const match = EXPIRE_PATH.exec(pathname);
  if (!match) return;
  const session = await backend.store.findByPaymentSessionId(decodeURIComponent(match[1]!));
  if (!session || session.status !== 'pending') return;
  const now = Date.now();
  await updateSession(backend.store, session.id, (current) =>
    current.status === 'pending' && current.expiresAt > now ? { ...current, expiresAt: now } : undefined,
  );
}
