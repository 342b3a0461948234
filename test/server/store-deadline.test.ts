/**
 * withStoreDeadline (server/store-deadline.ts) over fake stores: one that never answers, one
 * that fails, one that fails late. Times are measured with performance.now and bounded with a
 * generous margin, never asserted exactly.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoreUnavailableError, withStoreDeadline } from '../../server/store-deadline.js';
import type { SessionStore, StoredSession } from '../../server/store/session-store.js';

const TIMEOUT_MS = 50;
/** Slack for a loaded machine: the answer must come well before a shopper's request would time out. */
const MARGIN_MS = 500;

type Method = Exclude<keyof SessionStore, 'close' | 'subscribe'>;

const SAMPLE: StoredSession = {
  id: 'sess_1',
  version: 1,
  kind: 'sale',
  channel: 'paypos',
  status: 'pending',
  referenceNo: 'PC0001',
  amount: '10.00',
  currency: 'TRY',
  instalment: 1,
  deeplinkUrl: null,
  createdAt: 0,
  expiresAt: 1,
  retainUntil: 2,
  secrets: {},
};

/** Every timed method with arguments to call it with. */
const CALLS: Record<Method, unknown[]> = {
  get: ['sess_1'],
  insert: [SAMPLE],
  compareAndSet: [{ ...SAMPLE, version: 2 }, 1],
  findByPaymentSessionId: ['ps_1'],
  findByReferenceNo: ['PC0001'],
  claimIdempotencyKey: ['key', { sessionId: 'sess_1', fingerprint: 'f' }, 1_000],
  renewIdempotencyKey: ['key', 'sess_1', 1_000],
  findByIdempotencyKey: ['key'],
  releaseIdempotencyKey: ['key', 'sess_1'],
  listSucceededSales: [10],
  listUnsettled: [10],
  listNeedsReview: [10],
};
const METHODS = Object.keys(CALLS) as Method[];

/** A store whose every method (close too) is `answer(method, args)`. */
function fakeStore(answer: (method: keyof SessionStore, args: unknown[]) => Promise<unknown>): SessionStore {
  const store: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const method of [...METHODS, 'close'] as const) store[method] = (...args: unknown[]) => answer(method, args);
  return store as unknown as SessionStore;
}

function call(store: SessionStore, method: Method): Promise<unknown> {
  return (store[method] as (...args: unknown[]) => Promise<unknown>)(...CALLS[method]);
}

const never = (): Promise<never> => new Promise<never>(() => {});
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function elapsedOf(run: () => Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const start = performance.now();
  try {
    await run();
    return { ms: performance.now() - start, error: undefined };
  } catch (error) {
    return { ms: performance.now() - start, error };
  }
}

describe('withStoreDeadline', () => {
  it('answers every method of a store that never answers with StoreUnavailableError within the deadline', async () => {
    const store = withStoreDeadline(fakeStore(never), TIMEOUT_MS);
    const results = await Promise.all(METHODS.map(async (method) => ({ method, ...(await elapsedOf(() => call(store, method))) })));
    assert.equal(results.length, 12);
    for (const { method, ms, error } of results) {
      assert.ok(error instanceof StoreUnavailableError, `${method}: ${String(error)}`);
      assert.match(error.message, new RegExp(`${method} within ${TIMEOUT_MS} ms`));
      assert.ok(ms <= TIMEOUT_MS + MARGIN_MS, `${method} took ${ms} ms`);
    }
  });

  it('passes a prompt answer through, with the arguments the caller gave', async () => {
    const seen: [string, unknown[]][] = [];
    const store = withStoreDeadline(
      fakeStore(async (method, args) => {
        seen.push([method, args]);
        return `${method}-answer`;
      }),
      TIMEOUT_MS,
    );
    for (const method of METHODS) assert.equal(await call(store, method), `${method}-answer`);
    assert.deepEqual(
      seen,
      METHODS.map((method) => [method, CALLS[method]]),
    );
  });

  it('leaves no timer behind once the store has answered', async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((type) => type === 'Timeout').length;
    const before = timers();
    const store = withStoreDeadline(fakeStore(async () => 'ok'), 60_000);
    await Promise.all(METHODS.map((method) => call(store, method)));
    assert.equal(timers(), before);
  });

  it('turns a store failure into StoreUnavailableError with the failure as its cause', async () => {
    const failure = new Error('ECONNREFUSED 127.0.0.1:6379');
    const store = withStoreDeadline(fakeStore(() => Promise.reject(failure)), TIMEOUT_MS);
    for (const method of METHODS) {
      const { error, ms } = await elapsedOf(() => call(store, method));
      assert.ok(error instanceof StoreUnavailableError, method);
      assert.equal(error.cause, failure, method);
      assert.match(error.message, new RegExp(`failed ${method}: ECONNREFUSED`));
      assert.ok(ms < TIMEOUT_MS + MARGIN_MS, `${method}: a failure is answered at once, not at the deadline (${ms} ms)`);
    }
  });

  it('passes a StoreUnavailableError from the store through as it is', async () => {
    const own = new StoreUnavailableError('redis is read-only');
    const store = withStoreDeadline(fakeStore(() => Promise.reject(own)), TIMEOUT_MS);
    await assert.rejects(store.get('sess_1'), (error) => error === own);
  });

  it('leaves no unhandled rejection when the store fails after the deadline', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', listener);
    try {
      const late = (): Promise<never> => sleep(TIMEOUT_MS * 2).then(() => Promise.reject(new Error('late failure')));
      const store = withStoreDeadline(fakeStore(late), TIMEOUT_MS);
      const results = await Promise.allSettled(METHODS.map((method) => call(store, method)));
      for (const result of results) {
        assert.equal(result.status, 'rejected');
        assert.ok(result.reason instanceof StoreUnavailableError);
        assert.match((result.reason as Error).message, /within/);
      }
      // Past the late failures, and a few turns of the event loop for Node to report them.
      await sleep(TIMEOUT_MS * 4);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });

  it('passes close through without a deadline', async () => {
    let closed = false;
    const slowClose = withStoreDeadline(
      fakeStore((method) => (method === 'close' ? sleep(TIMEOUT_MS * 3).then(() => void (closed = true)) : never())),
      TIMEOUT_MS,
    );
    await slowClose.close();
    assert.equal(closed, true, 'close waited for the store past the deadline');
  });

  it(
    'answers a store method that throws synchronously with a rejected StoreUnavailableError',
    async () => {
      const unhandled: unknown[] = [];
      const listener = (reason: unknown): void => {
        unhandled.push(reason);
      };
      process.on('unhandledRejection', listener);
      try {
        const failure = new Error('client is closed');
        const throwing = fakeStore(() => {
          throw failure;
        });
        const store = withStoreDeadline(throwing, TIMEOUT_MS);
        let settled: Promise<unknown> | undefined;
        let thrown: unknown;
        try {
          // Handled at once, as a caller's await would: the check is that the deadline's own timer
          // does not fire a second, unhandled rejection later.
          settled = store.get('sess_1').then(
            () => 'resolved',
            (error: unknown) => error,
          );
        } catch (error) {
          thrown = error;
        }
        await sleep(TIMEOUT_MS * 3);
        assert.equal(thrown, undefined, 'threw synchronously');
        const error = await settled!;
        assert.ok(error instanceof StoreUnavailableError && error.cause === failure, `answered ${String(error)}`);
        assert.deepEqual(unhandled, []);
      } finally {
        process.off('unhandledRejection', listener);
      }
    },
  );
});
