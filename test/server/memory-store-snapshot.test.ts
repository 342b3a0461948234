/**
 * MemorySessionStore's snapshot, restore and change notice: what a host with no database (a
 * browser tab keeping the kit's records in its storage) relies on to carry the store across a
 * restart. The store's contract itself is session-store.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemorySessionStore, type MemoryStoreSnapshot } from '../../server/store/memory-store.js';
import type { StoredSession } from '../../server/store/session-store.js';
import { sampleSession } from './sample-session.js';

const T0 = Date.UTC(2026, 5, 1, 9, 0, 0);

function pendingSale(id: string, now: number): StoredSession {
  return sampleSession({ id, createdAt: now, expiresAt: now + 300_000, retainUntil: now + 3_600_000 });
}

/** A store on a clock the test moves, counting its change notices. */
function storeAt(clock: { now: number }, restore?: MemoryStoreSnapshot): { store: MemorySessionStore; changes: () => number } {
  let changes = 0;
  const store = new MemorySessionStore({ now: () => clock.now, onChange: () => changes++, ...(restore ? { restore } : {}) });
  return { store, changes: () => changes };
}

describe('MemorySessionStore snapshot and restore', () => {
  it('gives back through a JSON round trip the sessions, their lookups and the idempotency claims', async () => {
    const clock = { now: T0 };
    const { store: first } = storeAt(clock);
    await first.insert(pendingSale('a', clock.now));
    await first.insert({ ...pendingSale('b', clock.now), status: 'needs_review', settled: true });
    assert.equal(await first.claimIdempotencyKey('sessions:k1', { sessionId: 'a', fingerprint: 'fp-a' }, 60_000), undefined);
    const snapshot = JSON.parse(JSON.stringify(first.snapshot())) as MemoryStoreSnapshot;
    await first.close();

    const { store: second } = storeAt(clock, snapshot);
    assert.deepEqual(second.snapshot(), snapshot);
    assert.equal((await second.get('a'))?.referenceNo, 'PCa');
    assert.equal((await second.findByPaymentSessionId('psid-a'))?.id, 'a');
    assert.equal((await second.findByReferenceNo('PCb'))?.id, 'b');
    assert.deepEqual((await second.listUnsettled(10)).map((session) => session.id), ['a']);
    assert.deepEqual((await second.listNeedsReview(10)).map((session) => session.id), ['b']);
    // The claim is still held: a retry with the same key finds the first request's record.
    assert.deepEqual(await second.claimIdempotencyKey('sessions:k1', { sessionId: 'other', fingerprint: 'fp-x' }, 60_000), { sessionId: 'a', fingerprint: 'fp-a' });
    await second.close();
  });

  it('leaves out what had run out of time by the restore', async () => {
    const clock = { now: T0 };
    const { store: first } = storeAt(clock);
    await first.insert({ ...pendingSale('old', clock.now), retainUntil: clock.now + 1_000 });
    await first.insert(pendingSale('kept', clock.now));
    await first.claimIdempotencyKey('sessions:lapsing', { sessionId: 'old', fingerprint: 'fp' }, 1_000);
    const snapshot = first.snapshot();
    await first.close();

    clock.now += 5_000;
    const { store: second } = storeAt(clock, snapshot);
    assert.deepEqual(second.snapshot().sessions.map((session) => session.id), ['kept']);
    assert.deepEqual(second.snapshot().idempotency, []);
    assert.equal(await second.findByReferenceNo('PCold'), undefined);
    await second.close();
  });

  it('compare-and-sets a restored session from its restored version, and never downgrades a restored success', async () => {
    const clock = { now: T0 };
    const { store: first } = storeAt(clock);
    await first.insert(pendingSale('a', clock.now));
    await first.insert({ ...pendingSale('paid', clock.now), status: 'succeeded', settled: true, version: 3 });
    const { store: second } = storeAt(clock, first.snapshot());
    await first.close();

    const current = (await second.get('a'))!;
    assert.equal(await second.compareAndSet({ ...current, version: 3, status: 'cancelled' }, 2), false, 'a stale version is refused');
    assert.equal(await second.compareAndSet({ ...current, version: 2, status: 'succeeded', settled: true }, 1), true);
    assert.equal((await second.get('a'))?.status, 'succeeded');
    assert.deepEqual((await second.listUnsettled(10)).map((session) => session.id), [], 'the index follows the write');
    const paid = (await second.get('paid'))!;
    assert.equal(await second.compareAndSet({ ...paid, version: 4, status: 'failed' }, 3), false);
    await second.close();
  });

  it('wakes a subscriber of a restored session on its next write', async () => {
    const clock = { now: T0 };
    const { store: first } = storeAt(clock);
    await first.insert(pendingSale('a', clock.now));
    const { store: second } = storeAt(clock, first.snapshot());
    await first.close();

    let woken = 0;
    const stop = second.subscribe('a', () => woken++);
    const current = (await second.get('a'))!;
    assert.equal(await second.compareAndSet({ ...current, version: 2, status: 'expired' }, 1), true);
    assert.equal(woken, 1);
    stop();
    assert.equal(second.listenerCount, 0);
    await second.close();
  });

  it('tells onChange after every write, and not after a read or a refused write', async () => {
    const clock = { now: T0 };
    const { store, changes } = storeAt(clock);
    await store.insert(pendingSale('a', clock.now));
    assert.equal(changes(), 1, 'insert');
    assert.equal(await store.insert(pendingSale('a', clock.now)), false);
    await store.get('a');
    await store.listUnsettled(10);
    assert.equal(changes(), 1, 'a refused insert and reads change nothing');
    const current = (await store.get('a'))!;
    await store.compareAndSet({ ...current, version: 2, status: 'failed' }, 1);
    assert.equal(changes(), 2, 'compare-and-set');
    await store.compareAndSet({ ...current, version: 2, status: 'failed' }, 1);
    assert.equal(changes(), 2, 'a refused compare-and-set');
    await store.claimIdempotencyKey('k', { sessionId: 'a', fingerprint: 'fp' }, 1_000);
    await store.renewIdempotencyKey('k', 'a', 60_000);
    await store.releaseIdempotencyKey('k', 'a');
    assert.equal(changes(), 5, 'claim, renew, release');
    await store.close();
  });

  it('starts empty from a snapshot that is not one, and skips entries of the wrong shape', async () => {
    const clock = { now: T0 };
    for (const damaged of [null, 'text', { sessions: 'x', idempotency: 3 }, {}] as unknown[]) {
      const { store } = storeAt(clock, damaged as MemoryStoreSnapshot);
      assert.deepEqual(store.snapshot(), { sessions: [], idempotency: [] }, JSON.stringify(damaged));
      await store.close();
    }
    const mixed = {
      sessions: [pendingSale('good', clock.now), { id: 'no-other-fields' }, null],
      idempotency: [{ key: 'k', record: { sessionId: 'good', fingerprint: 'fp' }, expiresAt: clock.now + 1_000 }, { key: 'bad' }],
    } as unknown as MemoryStoreSnapshot;
    const { store } = storeAt(clock, mixed);
    assert.deepEqual(store.snapshot().sessions.map((session) => session.id), ['good']);
    assert.deepEqual(store.snapshot().idempotency.map((entry) => entry.key), ['k']);
    await store.close();
  });
});
