/** A stored PayPOS sale, pending, for the store tests; fields as `overrides` says. */
import type { StoredSession } from '../../server/store/session-store.js';

export function sampleSession(overrides: Partial<StoredSession> = {}): StoredSession {
  const id = overrides.id ?? `s${crypto.randomUUID().replace(/-/g, '').slice(0, 21)}`;
  return {
    id,
    version: 1,
    kind: 'sale',
    channel: 'paypos',
    status: 'pending',
    referenceNo: `PC${id}`,
    amount: '149.90',
    currency: 'TRY',
    instalment: 1,
    deeplinkUrl: 'paypos://pay?session=x',
    createdAt: Date.now(),
    expiresAt: Date.now() + 60_000,
    retainUntil: Date.now() + 3_600_000,
    secrets: { paymentSessionId: `psid-${id}`, encryptionKey: 'enc_sim_test' },
    ...overrides,
  };
}
