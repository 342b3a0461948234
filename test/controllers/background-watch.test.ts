import { expect } from '@open-wc/testing';
import { http, HttpResponse, delay } from 'msw';
import type { SessionResponse, StatusResponse } from '../../src/contract.js';
import { MAX_BACKGROUND_WATCHES } from '../../src/controllers/checkout-runner.js';
import { EXPIRY_GRACE_MS } from '../../src/flow/poll-policy.js';
import type { OpenSessionChannel } from '../../src/storage/session-channel.js';
import { createMemoryStore, type SessionStore } from '../../src/storage/session-store.js';
import { describe, it } from '../flow/mocha.js';
import { ControllerTestHost, SLOW, T0, checkoutOptions, expiresAfter, mountController, origin, saleRequest, saleSession, saleStatus, testEnvironment, useWorker } from './fixtures.js';
import { VirtualClock, until } from './virtual-clock.js';

const TTL_MS = 60_000;
const SALE = saleRequest('qr');
const KEY = 'bg-watch';

interface Entry {
  session: SessionResponse;
  truth: StatusResponse['status'];
  statusCalls: number;
  inFlight: number;
  /** Hold this session's status answers until released (a request left in flight). */
  hang: boolean;
}

/** Sessions ses_1, ses_2… all expiring TTL_MS after T0 (the clock barely moves between them). */
class Backend {
  readonly sessions = new Map<string, Entry>();
  private release: Array<() => void> = [];

  entry(id: string): Entry {
    const found = this.sessions.get(id);
    if (found === undefined) throw new Error(`no ${id}`);
    return found;
  }

  answer(entry: Entry): StatusResponse {
    return saleStatus(entry.session, entry.truth, { cardMasked: '4355 08** **** 4358' });
  }

  unhang(id: string): void {
    this.entry(id).hang = false;
    for (const release of this.release.splice(0)) release();
  }

  handlers() {
    return [
      http.post(`${origin}/api/paynet/sessions`, () => {
        const id = `ses_${this.sessions.size + 1}`;
        const session = saleSession({ sessionId: id, referenceNo: `REF-${id}`, deeplinkUrl: `paypos://pay?session=${id}`, expiresAt: expiresAfter(TTL_MS) });
        this.sessions.set(id, { session, truth: 'pending', statusCalls: 0, inFlight: 0, hang: false });
        return HttpResponse.json(session, { status: 201 });
      }),
      http.get(`${origin}/api/paynet/sessions/:id`, async ({ params }) => {
        const entry = this.entry(String(params.id));
        entry.statusCalls++;
        entry.inFlight++;
        try {
          if (entry.hang) await new Promise<void>((resolve) => this.release.push(resolve));
          await delay(1);
          return HttpResponse.json(this.answer(entry));
        } finally {
          entry.inFlight--;
        }
      }),
      http.post(`${origin}/api/paynet/sessions/:id/cancel`, ({ params }) => {
        const entry = this.entry(String(params.id));
        if (entry.truth === 'pending') entry.truth = 'cancelled';
        return HttpResponse.json(this.answer(entry));
      }),
    ];
  }
}

/** A stand-in for the other tabs: what the element posts, and a way to tell it another tab's final answer. */
function otherTabs() {
  const posted: StatusResponse[] = [];
  let listener: ((status: StatusResponse) => void) | undefined;
  const openChannel: OpenSessionChannel = (heard) => {
    listener = heard;
    return { post: (status) => posted.push(status), close: () => (listener = undefined) };
  };
  return { posted, openChannel, tell: (status: StatusResponse) => listener?.(status) };
}

function mount(clock: VirtualClock, store: SessionStore = createMemoryStore(), openChannel?: OpenSessionChannel) {
  /** Requests the element still waits for, per URL (an aborted one no longer counts). */
  const network = { aborted: 0, open: new Map<string, number>(), maxOpen: new Map<string, number>() };
  const watchedFetch: typeof fetch = (input, init) => {
    const url = String(input);
    let open = true;
    const close = (): void => {
      if (!open) return;
      open = false;
      network.open.set(url, (network.open.get(url) ?? 1) - 1);
    };
    network.open.set(url, (network.open.get(url) ?? 0) + 1);
    network.maxOpen.set(url, Math.max(network.maxOpen.get(url) ?? 0, network.open.get(url) ?? 0));
    init?.signal?.addEventListener('abort', () => {
      network.aborted++;
      close();
    });
    return fetch(input, init).finally(close);
  };
  const host = document.createElement('controller-test-host') as ControllerTestHost;
  const mounted = mountController(host, checkoutOptions(watchedFetch, { persistKey: KEY }), testEnvironment(clock, { store, ...(openChannel === undefined ? {} : { openChannel }) }));
  const successes = () => mounted.notices.filter((n) => n.type === 'success');
  return { ...mounted, network, successes, store };
}

type Mounted = ReturnType<typeof mount>;

/** Pay, first poll answers pending, Cancel: returns the cancelled session's id. */
async function payAndCancel(m: Mounted, backend: Backend, clock: VirtualClock): Promise<string> {
  const before = backend.sessions.size;
  void m.controller.start(SALE);
  await until(() => backend.sessions.size === before + 1, 'the session');
  const id = `ses_${before + 1}`;
  await until(() => backend.entry(id).statusCalls === 1 && backend.entry(id).inFlight === 0 && m.controller.state.status === 'awaiting' && clock.pendingTimers >= 1, 'first poll');
  m.controller.cancel();
  await until(() => m.controller.state.status === 'cancelled', 'the cancel');
  return id;
}

describe('late watch behind a new flow (Start again, new Pay)', () => {
  const worker = useWorker('controller-test-host');

  /** Pay, Cancel, Start again, with other tabs listening: the old session is watched behind, its first background poll answered. */
  async function watchedBehindWithOtherTabs() {
    const clock = new VirtualClock(T0);
    const backend = new Backend();
    worker.use(...backend.handlers());
    const tabs = otherTabs();
    const m = mount(clock, createMemoryStore(), tabs.openChannel);
    const old = await payAndCancel(m, backend, clock);
    m.controller.reset();
    await until(() => backend.entry(old).statusCalls === 2 && backend.entry(old).inFlight === 0 && clock.pendingTimers === 1, 'the background poll');
    return { clock, backend, tabs, m, old };
  }

  it('cancel, Start again while the watch poll is out, the old session is paid: one late success with the old id', async () => {
    const clock = new VirtualClock(T0);
    const backend = new Backend();
    worker.use(...backend.handlers());
    const m = mount(clock);
    const old = await payAndCancel(m, backend, clock);
    backend.entry(old).hang = true;
    clock.advance(SLOW);
    await until(() => backend.entry(old).statusCalls === 2, 'watch poll in flight');
    m.controller.reset();
    expect(m.controller.state.status).to.equal('idle');
    // The shown flow's poll was dropped; the background watcher asks again at once.
    expect(m.network.aborted).to.equal(1);
    expect(m.controller.watchedInBackground).to.deep.equal([old]);
    await until(() => backend.entry(old).statusCalls === 3, 'the background poll');
    backend.unhang(old);
    await until(() => clock.pendingTimers === 1, 'its timer');

    // A new payment runs in front; the old session's watch goes on.
    void m.controller.start(SALE);
    await until(() => m.controller.state.status === 'awaiting', 'the new session');
    const fresh = 'ses_2';
    backend.entry(old).truth = 'succeeded';
    for (let i = 0; i < 3 && m.successes().length === 0; i++) {
      const calls = backend.entry(old).statusCalls;
      clock.advance(SLOW);
      await until(() => backend.entry(old).statusCalls > calls, 'a background poll');
      await until(() => backend.entry(old).inFlight === 0, 'its answer');
      // Read by the element: the success reported, or the watch's next timer armed beside the new flow's.
      await until(() => m.successes().length > 0 || clock.pendingTimers >= 2, 'its answer read', () => `${clock.pendingTimers} timers`);
    }
    expect(m.successes()).to.have.length(1);
    expect(m.successes()[0]).to.deep.include({ type: 'success', sessionId: old, late: true, background: true });
    expect(m.controller.watchedInBackground).to.deep.equal([]);
    // The new flow was not touched: still awaiting its own session, no status notice from the old one.
    expect(m.controller.state).to.deep.include({ status: 'awaiting' });
    expect(m.notices.filter((n) => n.type === 'status' && n.sessionId === old && n.status === 'succeeded')).to.deep.equal([]);
    const oldCalls = backend.entry(old).statusCalls;
    clock.advance(3 * SLOW);
    await until(() => backend.entry(fresh).inFlight === 0, 'the new session polls');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(backend.entry(old).statusCalls).to.equal(oldCalls);
    // Never two requests out for one session (the aborted one no longer counts).
    expect([...m.network.maxOpen.values()].every((count) => count === 1)).to.equal(true);
    expect(m.store.loadWatched(KEY).map((entry) => entry.sessionId)).to.deep.equal([]);
  });

  it('a background watch that hears needs_review ends with one late review of the old session, no success, the new flow untouched', async () => {
    const clock = new VirtualClock(T0);
    const backend = new Backend();
    worker.use(...backend.handlers());
    const m = mount(clock);
    const old = await payAndCancel(m, backend, clock);
    m.controller.reset();
    await until(() => backend.entry(old).statusCalls === 2 && backend.entry(old).inFlight === 0 && clock.pendingTimers === 1, 'the background poll');
    void m.controller.start(SALE);
    await until(() => m.controller.state.status === 'awaiting', 'the new session');
    const fresh = 'ses_2';
    await until(() => backend.entry(fresh).statusCalls === 1 && backend.entry(fresh).inFlight === 0 && clock.pendingTimers === 2, 'the new session’s first poll');
    // The backend could not learn from Paynet whether the phone paid the old session after all.
    backend.entry(old).truth = 'needs_review';
    const reviews = () => m.notices.filter((n) => n.type === 'review');
    clock.advance(SLOW);
    await until(() => reviews().length === 1, 'the late review');
    expect(reviews()[0]).to.deep.include({ type: 'review', sessionId: old, late: true, background: true });
    expect(reviews()[0]).to.deep.include({ reason: { code: 'needs_review', message: 'needs_review' } });
    expect(m.successes()).to.deep.equal([]);
    expect(m.controller.watchedInBackground).to.deep.equal([]);
    expect(m.store.loadWatched(KEY)).to.deep.equal([]);
    // The flow on screen is not touched: still awaiting its own session, no status notice from the old one.
    expect(m.controller.state.status === 'awaiting' && m.controller.state.session.sessionId).to.equal(fresh);
    expect(m.notices.filter((n) => n.type === 'status' && n.sessionId === old && n.status === 'needs_review')).to.deep.equal([]);
    await until(() => backend.entry(fresh).inFlight === 0 && backend.entry(old).inFlight === 0, 'the answers');
    const oldCalls = backend.entry(old).statusCalls;
    clock.advance(3 * SLOW);
    await until(() => backend.entry(fresh).inFlight === 0, 'the new session polls');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(backend.entry(old).statusCalls).to.equal(oldCalls);
  });

  it('another tab\'s final answer for a session watched behind ends its watch with one late success, no further check', async () => {
    const { clock, backend, tabs, m, old } = await watchedBehindWithOtherTabs();
    // The other tab (where the shopper went on) saw the phone pay it.
    backend.entry(old).truth = 'succeeded';
    tabs.tell(backend.answer(backend.entry(old)));
    expect(m.successes()).to.have.length(1);
    expect(m.successes()[0]).to.deep.include({ type: 'success', sessionId: old, late: true, background: true });
    expect(m.controller.watchedInBackground).to.deep.equal([]);
    expect(clock.pendingTimers).to.equal(0);
    clock.advance(3 * SLOW);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(backend.entry(old).statusCalls).to.equal(2);
  });

  it('a watch behind tells the other tabs the payment it finds, through the element\'s channel', async () => {
    const { clock, backend, tabs, m, old } = await watchedBehindWithOtherTabs();
    backend.entry(old).truth = 'succeeded';
    clock.advance(SLOW);
    await until(() => m.successes().length === 1, 'the late success');
    expect(tabs.posted.filter((status) => status.sessionId === old).map((status) => status.status)).to.include('succeeded');
  });

  it('ends at expiryEnd: the last check lands on it, then no timer and no request', async () => {
    const clock = new VirtualClock(T0);
    const backend = new Backend();
    worker.use(...backend.handlers());
    const m = mount(clock);
    const old = await payAndCancel(m, backend, clock);
    m.controller.reset();
    await until(() => backend.entry(old).statusCalls === 2 && clock.pendingTimers === 1, 'the background poll');
    const end = T0 + TTL_MS + EXPIRY_GRACE_MS;
    const sentAt: number[] = [];
    while (m.controller.watchedInBackground.length > 0) {
      const calls = backend.entry(old).statusCalls;
      clock.advance(SLOW);
      await until(() => backend.entry(old).statusCalls === calls + 1, 'the next background poll');
      sentAt.push(clock.now());
      await until(() => clock.pendingTimers === 1 || m.controller.watchedInBackground.length === 0, 'its answer');
      expect(sentAt.length).to.be.below(40);
    }
    expect(sentAt.at(-1)).to.equal(end);
    expect(clock.pendingTimers).to.equal(0);
    const calls = backend.entry(old).statusCalls;
    clock.advance(10 * 60_000);
    window.dispatchEvent(new Event('online'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(backend.entry(old).statusCalls).to.equal(calls);
    expect(m.successes()).to.deep.equal([]);
    expect(m.store.loadWatched(KEY)).to.deep.equal([]);
  });

  it('removal aborts the background poll and its timer; re-adding asks again and still reports the payment', async () => {
    const clock = new VirtualClock(T0);
    const backend = new Backend();
    worker.use(...backend.handlers());
    const m = mount(clock);
    const old = await payAndCancel(m, backend, clock);
    m.controller.reset();
    await until(() => backend.entry(old).statusCalls === 2 && clock.pendingTimers === 1, 'the background poll');
    backend.entry(old).hang = true;
    clock.advance(SLOW);
    await until(() => backend.entry(old).statusCalls === 3, 'background poll in flight');
    const aborted = m.network.aborted;
    m.host.remove();
    expect(m.network.aborted).to.equal(aborted + 1);
    expect(clock.pendingTimers).to.equal(0);
    backend.entry(old).truth = 'succeeded';
    backend.unhang(old);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(m.successes()).to.deep.equal([]);
    document.body.append(m.host);
    await until(() => m.successes().length === 1, 'the late success after re-adding');
    expect(m.successes()[0]).to.deep.include({ sessionId: old, late: true, background: true });
    expect(backend.entry(old).statusCalls).to.equal(4);
  });

  it(`watches at most ${MAX_BACKGROUND_WATCHES} earlier sessions: the oldest is dropped and asked no more`, async () => {
    const clock = new VirtualClock(T0);
    const backend = new Backend();
    worker.use(...backend.handlers());
    const m = mount(clock);
    const ids: string[] = [];
    for (let i = 0; i <= MAX_BACKGROUND_WATCHES; i++) {
      ids.push(await payAndCancel(m, backend, clock));
      m.controller.reset();
      const id = ids.at(-1) ?? '';
      await until(() => backend.entry(id).statusCalls === 2 && backend.entry(id).inFlight === 0, 'its background poll');
    }
    expect(m.controller.watchedInBackground).to.deep.equal(ids.slice(1));
    expect(m.store.loadWatched(KEY).map((entry) => entry.sessionId)).to.deep.equal(ids.slice(1));
    await until(() => clock.pendingTimers === MAX_BACKGROUND_WATCHES, 'one timer per kept watch');
    const dropped = backend.entry(ids[0] ?? '').statusCalls;
    clock.advance(SLOW);
    await until(() => ids.slice(1).every((id) => backend.entry(id).statusCalls === 3), 'the kept watches poll');
    expect(backend.entry(ids[0] ?? '').statusCalls).to.equal(dropped);
  });

  it('a reload keeps in storage exactly the watches it resumes (past its window, or beyond the cap, is forgotten)', async () => {
    const clock = new VirtualClock(T0);
    const backend = new Backend();
    worker.use(...backend.handlers());
    const store = createMemoryStore();
    const first = mount(clock, store);
    const behind = await payAndCancel(first, backend, clock);
    first.controller.reset();
    await until(() => backend.entry(behind).statusCalls === 2, 'the background poll');
    const [entry] = store.loadWatched(KEY);
    // A watch left by an earlier visit whose session could be paid no longer.
    const stale = { ...entry!, sessionId: 'ses_long_gone', expiresAt: new Date(T0 - 60 * 60_000).toISOString() };
    // And more live ones than the cap: the oldest (behind) will be dropped on resume.
    const more = Array.from({ length: MAX_BACKGROUND_WATCHES }, (_, i) => {
      const id = `ses_more_${i}`;
      const session = { ...backend.entry(behind).session, sessionId: id, statusUrl: `sessions/${id}` };
      backend.sessions.set(id, { session, truth: 'cancelled', statusCalls: 0, inFlight: 0, hang: false });
      return { ...entry!, sessionId: id, statusUrl: entry!.statusUrl.replace(behind, id) };
    });
    store.saveWatched(KEY, [stale, ...store.loadWatched(KEY), ...more]);
    first.host.remove();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = mount(clock, store);
    const kept = more.map((watched) => watched.sessionId);
    expect(second.controller.watchedInBackground).to.deep.equal(kept);
    expect(store.loadWatched(KEY).map((watched) => watched.sessionId)).to.deep.equal(kept);
    // Let their first checks finish before the page goes (no request left to a later test's backend).
    await until(() => kept.every((id) => backend.entry(id).statusCalls >= 1 && backend.entry(id).inFlight === 0), 'their first checks');
  });

  it('a reload resumes the watched sessions in the background (cancel shown, or already behind a new flow)', async () => {
    const clock = new VirtualClock(T0);
    const backend = new Backend();
    worker.use(...backend.handlers());
    const store = createMemoryStore();
    const first = mount(clock, store);
    const behind = await payAndCancel(first, backend, clock);
    first.controller.reset();
    await until(() => backend.entry(behind).statusCalls === 2, 'the background poll');
    const shown = await payAndCancel(first, backend, clock);
    expect(store.loadWatched(KEY).map((entry) => entry.sessionId)).to.deep.equal([behind, shown]);
    // The page goes away (a reload): a new element, same tab storage.
    first.host.remove();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = mount(clock, store);
    expect(second.controller.state.status).to.equal('idle');
    expect(second.controller.watchedInBackground).to.deep.equal([behind, shown]);
    await until(() => backend.entry(shown).statusCalls === 2 && backend.entry(behind).statusCalls === 3, 'both asked at once');
    await until(() => clock.pendingTimers === 2, 'both answered, each with its timer');
    backend.entry(shown).truth = 'succeeded';
    clock.advance(SLOW);
    await until(() => second.successes().length === 1, 'the late success after the reload');
    expect(second.successes()[0]).to.deep.include({ sessionId: shown, late: true, background: true });
    expect(second.controller.state.status).to.equal('idle');
    expect(store.loadWatched(KEY).map((entry) => entry.sessionId)).to.deep.equal([behind]);
  });
});
