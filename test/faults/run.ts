/**
 * Fault schedules: thousands of generated runs of the real runner + real transport against a
 * scripted backend whose network misbehaves in every way we could think of, on a virtual clock.
 *
 *   npm run test:faults -- --runs 300      (CI)
 *   npm run test:faults -- --runs 10000    (the long run)
 *
 * Prints the figures and exits non-zero on any invariant violation.
 */
import FakeTimers from '@sinonjs/fake-timers';
import fc from 'fast-check';
import { CheckoutRunner, CREATE_RETRY_DELAYS_MS, MAX_BACKGROUND_WATCHES, type RunnerClock } from '../../src/controllers/checkout-runner.js';
import { isTerminal } from '../../src/flow/checkout-machine.js';
import { DEFAULT_POLL_POLICY, EXPIRY_GRACE_MS } from '../../src/flow/poll-policy.js';
import type { CheckoutNotice, CheckoutState } from '../../src/flow/types.js';
import { createMemoryStore } from '../../src/storage/session-store.js';
import { createMerchantApi } from '../../src/transport/merchant-api.js';
import { machineFuzz } from './machine-fuzz.js';
import { SESSION_URL, ScriptedBackend, sessionKey, type Fault, type ScriptedCall } from './scripted-backend.js';

type Action =
  | { type: 'pay' }
  /** The phone pays in the very last moments before expiresAt (the final check must catch it). */
  | { type: 'pay-at-deadline'; beforeMs: number }
  | { type: 'decline' }
  | { type: 'cancel' }
  /**
   * Cancel is pressed and the phone takes the card `afterMs` later anyway (Paynet cannot void
   * the session): with afterMs under the cancel's latency the `cancelled` answer is already
   * stale when it arrives; later, only the late watch can find the payment.
   */
  | { type: 'pay-after-cancel'; afterMs: number }
  /** "Start again" (only does something on a final view). */
  | { type: 'reset' }
  /** "Start again" then Pay for a new session (the demo's "New order"). */
  | { type: 'restart' }
  /**
   * Cancel, then `afterMs` later Start again and (if `pay`) a new Pay: the watch of the
   * cancelled session is left behind while it still runs.
   */
  | { type: 'cancel-restart'; afterMs: number; pay: boolean }
  /** The phone pays an earlier session (`back` sessions before the one shown). */
  | { type: 'pay-earlier'; back: number }
  /**
   * The backend gives a session (`back` sessions before the one shown; 0 = the one shown) to
   * the shop to check by hand (needs_review), while the phone could still have paid it.
   */
  | { type: 'review'; back: number }
  | { type: 'visible' }
  | { type: 'online' }
  | { type: 'remove' }
  | { type: 'readd' }
  /** The machine slept: time passes, timers were frozen and fire late, at most once. */
  | { type: 'sleep'; ms: number };

interface Schedule {
  ttlMs: number;
  script: ScriptedCall[];
  steps: Array<{ atMs: number; action: Action }>;
  seedRandom: number;
}

const FAULTS: Fault[] = ['ok', 'refused', 'lost', 'timeout', 'http500', 'http429', 'malformed', 'wrong-shape', 'other-session'];
const T0 = Date.parse('2026-11-24T10:00:00.000Z');
const POLICY = DEFAULT_POLL_POLICY;
const HEAL_LIMIT_MS = 3 * 60 * 60_000;

const scheduleArbitrary: fc.Arbitrary<Schedule> = fc.record({
  ttlMs: fc.integer({ min: 10_000, max: 300_000 }),
  script: fc.array(
    fc.record({
      fault: fc.oneof({ weight: 4, arbitrary: fc.constant<Fault>('ok') }, { weight: 3, arbitrary: fc.constantFrom(...FAULTS) }),
      latencyMs: fc.integer({ min: 1, max: 20_000 }),
    }),
    { minLength: 1, maxLength: 40 },
  ),
  steps: fc.array(
    fc.record({
      atMs: fc.integer({ min: 0, max: 400_000 }),
      action: fc.oneof(
        { weight: 4, arbitrary: fc.constant<Action>({ type: 'pay' }) },
        { weight: 2, arbitrary: fc.integer({ min: 1, max: 3_000 }).map((beforeMs): Action => ({ type: 'pay-at-deadline', beforeMs })) },
        fc.constant<Action>({ type: 'decline' }),
        fc.constant<Action>({ type: 'cancel' }),
        // Mostly within a request's latency of the press (the stale answer), sometimes long after.
        { weight: 2, arbitrary: fc.integer({ min: 0, max: 25_000 }).map((afterMs): Action => ({ type: 'pay-after-cancel', afterMs })) },
        fc.integer({ min: 25_000, max: 300_000 }).map((afterMs): Action => ({ type: 'pay-after-cancel', afterMs })),
        fc.constant<Action>({ type: 'reset' }),
        fc.constant<Action>({ type: 'restart' }),
        {
          weight: 3,
          arbitrary: fc
            .record({ afterMs: fc.integer({ min: 0, max: 30_000 }), pay: fc.boolean() })
            .map(({ afterMs, pay }): Action => ({ type: 'cancel-restart', afterMs, pay })),
        },
        { weight: 3, arbitrary: fc.integer({ min: 1, max: 4 }).map((back): Action => ({ type: 'pay-earlier', back })) },
        { weight: 2, arbitrary: fc.integer({ min: 0, max: 3 }).map((back): Action => ({ type: 'review', back })) },
        fc.constant<Action>({ type: 'visible' }),
        fc.constant<Action>({ type: 'online' }),
        fc.constant<Action>({ type: 'remove' }),
        fc.constant<Action>({ type: 'readd' }),
        fc.integer({ min: 1_000, max: 600_000 }).map((ms): Action => ({ type: 'sleep', ms })),
      ),
    }),
    { maxLength: 25 },
  ),
  seedRandom: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
});

interface Outcome {
  violations: string[];
  lostSuccess: boolean;
  requests: number;
  terminal: CheckoutState['status'];
  /** The phone paid after the element had shown `cancelled`. */
  paidAfterCancelShown: boolean;
  /** A `cancelled` answer arrived when the backend's truth was already `succeeded`. */
  staleCancelAnswer: boolean;
  lateSuccess: boolean;
  /** Sessions left behind while their watch still ran (Start again / new Pay during the watch). */
  leftWatching: number;
  /** Late successes reported for a session no longer shown. */
  backgroundSuccesses: number;
  /** Watches dropped because more than MAX_BACKGROUND_WATCHES ran at once. */
  droppedByCap: number;
  /** Sessions the backend says were paid, and successes reported for them (each exactly once). */
  paidSessions: number;
  sessions: number;
  /** Sessions the backend gave to the shop to check (needs_review), and the reviews reported late / in the background. */
  reviewedSessions: number;
  lateReviews: number;
  backgroundReviews: number;
}

const TERMINAL_NOTICES = new Set(['success', 'failure', 'expired', 'cancel', 'review', 'error']);
const lateOutcome = (notice: CheckoutNotice): boolean => (notice.type === 'success' || notice.type === 'review') && notice.late;

async function runSchedule(schedule: Schedule): Promise<Outcome> {
  const violations: string[] = [];
  const clock = FakeTimers.createClock(T0, 10_000);
  const activeTimers = new Set<unknown>();
  let connected = false;
  let runner: CheckoutRunner | undefined;
  let random = schedule.seedRandom;

  /** Every session shown, in order, with the end of its late watch (expiryEnd). */
  const shown: string[] = [];
  const expiryEndOf = new Map<string, number>();
  /**
   * Per session: when an answer to a request sent at or after its expiryEnd first reached the
   * element (the backend's final word: even a late watch has nothing left to ask), and when a
   * success, failure, expiry or error was reported for it (nothing left to ask either).
   */
  const finalWordAt = new Map<string, number>();
  const closedAt = new Map<string, string>();
  const cancelReported = new Set<string>();
  /** Watches that vanished from the background list without an outcome: the cap dropped them. */
  const dropped = new Set<string>();
  let leftWatching = 0;
  const shownId = (): string | undefined => shown.at(-1);
  /** Is anything still allowed to ask on a timer? The shown flow, or a watch (shown or behind). */
  const anyoneWaiting = (): boolean => {
    const state = runner?.state;
    if (state === undefined) return false;
    const busy = state.status !== 'idle' && !isTerminal(state);
    return busy || (runner?.watchingLatePayment ?? false) || (runner?.watchedInBackground.length ?? 0) > 0;
  };

  const runnerClock: RunnerClock = {
    now: () => clock.now,
    setTimeout: (callback, delayMs) => {
      if (!connected) violations.push(`timer set while disconnected (${delayMs} ms)`);
      if (!anyoneWaiting()) violations.push(`timer (${delayMs} ms) after ${runner?.state.status} with no watch running`);
      // With one watch only (no background ones) its timer is known to be the watch's.
      const end = shownId() === undefined ? undefined : expiryEndOf.get(shownId() ?? '');
      const single = runner?.state.status === 'cancelled' && (runner?.watchedInBackground.length ?? 0) === 0;
      if (single && end !== undefined && clock.now < end && clock.now + delayMs > end) {
        violations.push(`late-watch timer sails past expiryEnd by ${clock.now + delayMs - end} ms`);
      }
      const allowed = CREATE_RETRY_DELAYS_MS.includes(delayMs) || (delayMs >= 0 && delayMs <= POLICY.maxBackoffMs);
      if (!allowed) violations.push(`delay ${delayMs} ms outside the policy`);
      const handle: unknown = clock.setTimeout(() => {
        activeTimers.delete(handle);
        callback();
      }, delayMs);
      activeTimers.add(handle);
      return handle;
    },
    clearTimeout: (handle) => {
      activeTimers.delete(handle);
      clock.clearTimeout(handle as FakeTimers.TimerId);
    },
    random: () => {
      random = (random * 9301 + 0.49297) % 1;
      return random;
    },
  };

  const backend = new ScriptedBackend(
    { now: () => clock.now, setTimeout: (callback, delayMs) => clock.setTimeout(callback, delayMs) },
    schedule.script,
    schedule.ttlMs,
    POLICY.requestTimeoutMs,
  );
  backend.onRequest = (method, url) => {
    if (!connected) violations.push(`request while disconnected: ${method} ${url}`);
    const key = sessionKey(url);
    if (backend.inFlightFor(key) > 0) violations.push(`two requests in flight for ${key}: ${method} ${url}`);
    if (key === 'create') return;
    const final = finalWordAt.get(key);
    if (final !== undefined) violations.push(`request ${method} for ${key} though its final check was answered at +${final - T0} ms`);
    const closed = closedAt.get(key);
    if (closed !== undefined) violations.push(`request ${method} for ${key} after its ${closed} was reported`);
    if (dropped.has(key)) violations.push(`request ${method} for ${key} after its watch was dropped`);
    if (cancelReported.has(key) && method !== 'GET') violations.push(`${method} ${url} after its cancel was reported`);
  };
  let staleCancelAnswer = false;
  backend.onAnswer = (method, url, sentAt, told, signal) => {
    if (told === undefined) return;
    const end = expiryEndOf.get(told.sessionId);
    if (end !== undefined && sentAt >= end && !finalWordAt.has(told.sessionId)) {
      const id = told.sessionId;
      finalWordAt.set(id, clock.now);
      // On the wire but not yet read when Start again dropped the request: the element never
      // heard it, and the watch behind the new flow rightly asks again.
      signal?.addEventListener('abort', () => finalWordAt.delete(id), { once: true });
    }
    if (method === 'POST' && url.endsWith('/cancel') && told.status === 'cancelled' && backend.finalStatus(told.sessionId) === 'succeeded') {
      staleCancelAnswer = true;
    }
  };

  const notices: CheckoutNotice[] = [];
  runner = new CheckoutRunner(
    () => ({
      routes: { sessionUrl: SESSION_URL },
      allowedSchemes: ['paypos', 'https'],
      pollPolicy: POLICY,
      describeError: (code) => code,
      persistKey: 'faults',
      api: createMerchantApi({ fetch: backend.fetch, timeoutMs: 3_600_000 }),
    }),
    {
      onChange: () => {},
      onNotice: (notice) => {
        notices.push(notice);
        if (notice.type === 'session') {
          shown.push(notice.session.sessionId);
          expiryEndOf.set(notice.session.sessionId, Date.parse(notice.session.expiresAt) + EXPIRY_GRACE_MS);
        }
        if (notice.type === 'cancel') cancelReported.add(notice.sessionId);
        if ((notice.type === 'success' || notice.type === 'failure' || notice.type === 'expired' || notice.type === 'review' || notice.type === 'error') && notice.sessionId !== undefined) {
          closedAt.set(notice.sessionId, notice.type);
        }
      },
    },
    { clock: runnerClock, randomUUID: () => `key-${Math.floor(clock.now)}-${notices.length}`, store: createMemoryStore(), openChannel: () => ({ post() {}, close() {} }) },
  );
  const active = runner;

  /** Runs a harness action, noting background watches that vanish without a reason (the cap). */
  const watching = (action: () => void): void => {
    const before = active.watchedInBackground;
    const watchedShown = active.watchingLatePayment ? shownId() : undefined;
    action();
    const after = active.watchedInBackground;
    if (watchedShown !== undefined && after.includes(watchedShown)) leftWatching++;
    const vanished = [...before, ...(watchedShown === undefined || active.watchingLatePayment ? [] : [watchedShown])].filter(
      (id) => !after.includes(id) && !closedAt.has(id) && !finalWordAt.has(id),
    );
    for (const id of vanished) {
      // Only the cap may end a watch without an outcome, and only the oldest, once it is full.
      if (before.length === MAX_BACKGROUND_WATCHES && id === before[0] && vanished.length === 1) dropped.add(id);
      else violations.push(`${id}: its late watch stopped without an outcome (Start again / new Pay / re-add)`);
    }
  };
  const connect = (): void => {
    connected = true;
    watching(() => active.connect());
  };
  const disconnect = (): void => {
    active.disconnect();
    connected = false;
    if (activeTimers.size > 0) violations.push(`${activeTimers.size} timer(s) left after disconnect`);
  };
  const sale = { kind: 'sale', amount: '149.90', instalment: 1, handoff: 'qr' } as const;
  const restart = (pay: boolean): void => {
    watching(() => {
      active.reset();
      // Pay is a press on the page; reset() may also come from the shop's script while detached.
      if (pay && connected) void active.start(sale);
    });
  };

  /** Start again presses still to come (they may start a new session after the last step). */
  let pendingRestarts = 0;
  connect();
  void active.start(sale);

  let paidAfterCancelShown = false;
  /** The phone pays; notes when that is after the element already showed `cancelled`. */
  const phonePays = (sessionId: string): void => {
    const before = backend.finalStatus(sessionId);
    backend.pay(sessionId);
    if (before !== 'succeeded' && backend.finalStatus(sessionId) === 'succeeded' && cancelReported.has(sessionId)) paidAfterCancelShown = true;
  };

  const steps = [...schedule.steps].sort((a, b) => a.atMs - b.atMs);
  for (const step of steps) {
    const wait = T0 + step.atMs - clock.now;
    if (wait > 0) await clock.tickAsync(wait);
    const sessionId = shownId();
    switch (step.action.type) {
      case 'pay':
        if (sessionId !== undefined) phonePays(sessionId);
        break;
      case 'pay-at-deadline': {
        const expiresAtMs = sessionId === undefined ? undefined : backend.expiresAtMs(sessionId);
        if (sessionId !== undefined && expiresAtMs !== undefined) {
          const payAt = expiresAtMs - step.action.beforeMs;
          clock.setTimeout(() => phonePays(sessionId), Math.max(0, payAt - clock.now));
        }
        break;
      }
      case 'decline':
        if (sessionId !== undefined) backend.decline(sessionId);
        break;
      case 'cancel':
        active.cancel();
        break;
      case 'pay-after-cancel':
        active.cancel();
        if (sessionId !== undefined) clock.setTimeout(() => phonePays(sessionId), step.action.afterMs);
        break;
      case 'reset':
        restart(false);
        break;
      case 'restart':
        restart(true);
        break;
      case 'cancel-restart': {
        active.cancel();
        const pay = step.action.pay;
        pendingRestarts++;
        clock.setTimeout(() => {
          pendingRestarts--;
          restart(pay);
        }, step.action.afterMs);
        break;
      }
      case 'pay-earlier': {
        const earlier = shown.at(-1 - step.action.back);
        if (earlier !== undefined) phonePays(earlier);
        break;
      }
      case 'review': {
        const reviewed = shown.at(-1 - step.action.back);
        if (reviewed !== undefined) backend.review(reviewed);
        break;
      }
      case 'visible':
      case 'online':
        active.recheck();
        break;
      case 'remove':
        if (connected) disconnect();
        break;
      case 'readd':
        if (!connected) connect();
        break;
      case 'sleep':
        clock.jump(step.action.ms);
        break;
    }
    await clock.tickAsync(0);
  }

  // The network heals and the element is on the page: the flow must come to an end, and every
  // late watch with it (each ends at most a session's lifetime away).
  backend.healed = true;
  if (!connected) connect();
  for (let waited = 0; (anyoneWaiting() || pendingRestarts > 0) && waited < HEAL_LIMIT_MS; waited += 30_000) await clock.tickAsync(30_000);
  await clock.tickAsync(60_000);

  const final = active.state;
  // Idle: Start again was the last press, and nothing was started after it.
  if (!isTerminal(final) && final.status !== 'idle') violations.push(`no outcome after the network healed (still ${final.status})`);
  if (active.watchingLatePayment) violations.push('late watch still running after the network healed');
  if (active.watchedInBackground.length > 0) violations.push(`${active.watchedInBackground.length} background watch(es) still running after the network healed`);
  if (activeTimers.size > 0) violations.push(`${activeTimers.size} timer(s) left after ${final.status}`);
  if (backend.inFlight > 0) violations.push(`a request left in flight after ${final.status}`);

  // Per session: one on-time outcome, at most one late one (a success, or a review), and only after a cancel.
  const terminalNotices = notices.filter((notice) => TERMINAL_NOTICES.has(notice.type));
  for (const id of shown) {
    const about = terminalNotices.filter((notice) => 'sessionId' in notice && notice.sessionId === id);
    const late = about.filter(lateOutcome);
    const onTime = about.filter((notice) => !lateOutcome(notice));
    if (onTime.length !== 1) violations.push(`${id}: ${onTime.length} terminal notices: ${onTime.map((n) => n.type).join(', ')}`);
    if (late.length > 1) violations.push(`${id}: ${late.length} late outcomes: ${late.map((n) => n.type).join(', ')}`);
    if (late.length === 1 && about[0]?.type === 'success') violations.push(`${id}: a late ${late[0]?.type} after an on-time success`);
    if (late.some((notice) => notice.type === 'review') && about[0]?.type !== 'cancel') violations.push(`${id}: a late review after ${about[0]?.type}, not a cancel`);
  }
  const unattributed = terminalNotices.filter((notice) => !('sessionId' in notice) || notice.sessionId === undefined || !shown.includes(notice.sessionId));
  if (unattributed.some((notice) => notice.type !== 'error')) violations.push(`outcome for no shown session: ${unattributed.map((n) => n.type).join(', ')}`);

  // Every payment the backend took is reported exactly once (late or not); none is invented.
  // So is every session it gave to the shop to check: the shopper must not be left with "cancelled".
  let lostSuccess = false;
  let paidSessions = 0;
  let reviewedSessions = 0;
  for (const id of backend.sessions.keys()) {
    const truth = backend.finalStatus(id);
    const said = notices.filter((notice) => notice.type === 'success' && notice.sessionId === id);
    const reviews = notices.filter((notice) => notice.type === 'review' && notice.sessionId === id);
    const told = backend.told.get(id) ?? [];
    if (said.length > 0 && !told.includes('succeeded')) violations.push(`${id}: success reported without the backend saying succeeded`);
    if (said.length > 1) violations.push(`${id}: ${said.length} successes reported`);
    if (reviews.length > 0 && !told.includes('needs_review')) violations.push(`${id}: review reported without the backend saying needs_review`);
    if (reviews.length > 1) violations.push(`${id}: ${reviews.length} reviews reported`);
    if (truth === 'succeeded') {
      paidSessions++;
      if (said.length === 0 && !dropped.has(id)) lostSuccess = true;
    }
    if (truth === 'needs_review') {
      reviewedSessions++;
      if (reviews.length === 0 && !dropped.has(id)) violations.push(`${id}: the backend gave it to the shop to check, the element never said so`);
    }
  }
  const last = shownId();
  if (last !== undefined) {
    const truth = backend.finalStatus(last);
    const told = backend.told.get(last) ?? [];
    if (told.includes('succeeded') && final.status !== 'succeeded' && !notices.some((n) => n.type === 'success' && n.sessionId === last)) {
      violations.push(`backend said succeeded, element shows ${final.status}`);
    }
    if (final.status === 'failed' && truth !== 'failed') violations.push(`failure shown, backend says ${truth}`);
    if (final.status === 'cancelled' && truth !== 'cancelled') violations.push(`cancel shown, backend says ${truth}`);
    if (final.status === 'needs_review' && truth !== 'needs_review') violations.push(`needs_review shown, backend says ${truth}`);
  } else if (notices.some((notice) => notice.type === 'success')) {
    violations.push('success reported for a session never shown');
  }
  const lateSuccesses = notices.filter((notice) => notice.type === 'success' && notice.late);
  const lateReviews = notices.filter((notice) => notice.type === 'review' && notice.late);
  return {
    violations,
    lostSuccess,
    requests: backend.requests,
    terminal: final.status,
    paidAfterCancelShown,
    staleCancelAnswer,
    lateSuccess: lateSuccesses.length > 0,
    leftWatching,
    backgroundSuccesses: lateSuccesses.filter((notice) => notice.type === 'success' && notice.background === true).length,
    droppedByCap: dropped.size,
    paidSessions,
    sessions: backend.sessions.size,
    reviewedSessions,
    lateReviews: lateReviews.length,
    backgroundReviews: lateReviews.filter((notice) => notice.type === 'review' && notice.background === true).length,
  };
}

function runsFromArgs(argv: readonly string[]): number {
  const index = argv.indexOf('--runs');
  const value = index >= 0 ? Number(argv[index + 1]) : 300;
  if (!Number.isInteger(value) || value <= 0) throw new Error('--runs needs a positive integer');
  return value;
}

async function main(): Promise<void> {
  const runs = runsFromArgs(process.argv.slice(2));
  const started = performance.now();
  let schedules = 0;
  let violations = 0;
  let lostSuccesses = 0;
  let requests = 0;
  let paidAfterCancelShown = 0;
  let staleCancelAnswers = 0;
  let lateSuccesses = 0;
  let leftWatching = 0;
  let backgroundSuccesses = 0;
  let droppedByCap = 0;
  let paidSessions = 0;
  let sessions = 0;
  let reviewedSessions = 0;
  let lateReviews = 0;
  let backgroundReviews = 0;
  const outcomes = new Map<string, number>();
  let firstFailure: { schedule: Schedule; messages: string[] } | undefined;

  await fc.assert(
    fc.asyncProperty(scheduleArbitrary, async (schedule) => {
      const outcome = await runSchedule(schedule);
      schedules++;
      requests += outcome.requests;
      outcomes.set(outcome.terminal, (outcomes.get(outcome.terminal) ?? 0) + 1);
      if (outcome.lostSuccess) lostSuccesses++;
      if (outcome.paidAfterCancelShown) paidAfterCancelShown++;
      if (outcome.staleCancelAnswer) staleCancelAnswers++;
      if (outcome.lateSuccess) lateSuccesses++;
      leftWatching += outcome.leftWatching;
      backgroundSuccesses += outcome.backgroundSuccesses;
      droppedByCap += outcome.droppedByCap;
      paidSessions += outcome.paidSessions;
      sessions += outcome.sessions;
      reviewedSessions += outcome.reviewedSessions;
      lateReviews += outcome.lateReviews;
      backgroundReviews += outcome.backgroundReviews;
      if (outcome.violations.length > 0 || outcome.lostSuccess) {
        violations += outcome.violations.length;
        firstFailure ??= { schedule, messages: outcome.lostSuccess ? [...outcome.violations, 'lost success'] : outcome.violations };
      }
      return true;
    }),
    { numRuns: runs, endOnFailure: true },
  );

  const fuzz = machineFuzz(Math.max(runs * 10, 1_000));
  const seconds = ((performance.now() - started) / 1_000).toFixed(1);
  console.log(`fault schedules run:      ${schedules} (${requests} requests, virtual time; ${seconds} s real)`);
  console.log(`outcomes:                 ${[...outcomes].map(([status, count]) => `${status} ${count}`).join(', ')}`);
  console.log(`invariant violations:     ${violations}`);
  console.log(`lost successes:           ${lostSuccesses}`);
  console.log(`paid after cancel shown:  ${paidAfterCancelShown} schedules (${staleCancelAnswers} with a stale cancelled answer); late successes reported: ${lateSuccesses}`);
  console.log(`sessions:                 ${sessions} created, ${paidSessions} paid (each reported exactly once)`);
  console.log(`needs_review:             ${reviewedSessions} sessions given to the shop to check (each reported exactly once; ${lateReviews} late, ${backgroundReviews} of them in the background)`);
  console.log(`left while watched:       ${leftWatching} watches handed to the background (Start again / new Pay); ${backgroundSuccesses} late successes found there; ${droppedByCap} dropped by the cap of ${MAX_BACKGROUND_WATCHES}`);
  console.log(`machine event sequences:  ${fuzz.sequences} (${fuzz.violations.length} violations; ${fuzz.lateWatches} opened a late watch, ${fuzz.finalChecks} answered its final check)`);
  console.log(`expiry grace:             ${EXPIRY_GRACE_MS} ms`);
  if (firstFailure !== undefined) {
    console.log('first failing schedule:', JSON.stringify(firstFailure.schedule));
    console.log('violations:', firstFailure.messages.slice(0, 10).join(' | '));
  }
  for (const message of fuzz.violations.slice(0, 5)) console.log('machine:', message);
  if (violations > 0 || lostSuccesses > 0 || fuzz.violations.length > 0) process.exitCode = 1;
}

await main();
