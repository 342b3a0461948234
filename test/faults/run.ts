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
import { CheckoutRunner, CREATE_RETRY_DELAYS_MS, type RunnerClock } from '../../src/controllers/checkout-runner.js';
import { isTerminal } from '../../src/flow/checkout-machine.js';
import { DEFAULT_POLL_POLICY, EXPIRY_GRACE_MS } from '../../src/flow/poll-policy.js';
import type { CheckoutNotice, CheckoutState } from '../../src/flow/types.js';
import { createMemoryStore } from '../../src/storage/session-store.js';
import { createMerchantApi } from '../../src/transport/merchant-api.js';
import { machineFuzz } from './machine-fuzz.js';
import { SESSION_URL, ScriptedBackend, type Fault, type ScriptedCall } from './scripted-backend.js';

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
}

const TERMINAL_NOTICES = new Set(['success', 'failure', 'expired', 'cancel', 'error']);

async function runSchedule(schedule: Schedule): Promise<Outcome> {
  const violations: string[] = [];
  const clock = FakeTimers.createClock(T0, 10_000);
  const activeTimers = new Set<unknown>();
  let connected = false;
  let runner: CheckoutRunner | undefined;
  let random = schedule.seedRandom;

  /** expiryEnd of the shown session: the end of the late watch after `cancelled`. */
  let shownExpiryEnd: number | undefined;
  /**
   * When an answer to a request sent at or after expiryEnd first reached the element: the
   * backend's final word, after which even the late watch has nothing left to ask.
   */
  let finalWordAt: number | undefined;
  /**
   * The one thing allowed after a terminal state: the late watch after `cancelled`, polling
   * the shown session until its final check (sent at or after expiryEnd) was answered.
   */
  const workAfterTerminal = (what: string, method?: string, url?: string): string | undefined => {
    const state = runner?.state;
    if (state === undefined || !isTerminal(state)) return undefined;
    if (state.status !== 'cancelled') return `${what} after ${state.status}`;
    if (finalWordAt !== undefined) return `${what} after cancelled, though the final check was answered at +${finalWordAt - T0} ms`;
    if (method !== undefined && (method !== 'GET' || url !== state.session.statusUrl)) return `${what} after cancelled is not a status check`;
    return undefined;
  };

  const runnerClock: RunnerClock = {
    now: () => clock.now,
    setTimeout: (callback, delayMs) => {
      if (!connected) violations.push(`timer set while disconnected (${delayMs} ms)`);
      const late = workAfterTerminal(`timer (${delayMs} ms)`);
      if (late !== undefined) violations.push(late);
      if (runner?.state.status === 'cancelled' && shownExpiryEnd !== undefined && clock.now < shownExpiryEnd && clock.now + delayMs > shownExpiryEnd) {
        violations.push(`late-watch timer sails past expiryEnd by ${clock.now + delayMs - shownExpiryEnd} ms`);
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
    const late = workAfterTerminal(`request ${method} ${url}`, method, url);
    if (late !== undefined) violations.push(late);
    if (backend.inFlight > 0) violations.push(`two requests in flight: ${method} ${url}`);
  };
  let staleCancelAnswer = false;
  backend.onAnswer = (method, url, sentAt, told) => {
    if (told === undefined || told.sessionId !== shownSession) return;
    if (shownExpiryEnd !== undefined && sentAt >= shownExpiryEnd) finalWordAt ??= clock.now;
    if (method === 'POST' && url.endsWith('/cancel') && told.status === 'cancelled' && backend.finalStatus(told.sessionId) === 'succeeded') {
      staleCancelAnswer = true;
    }
  };

  const notices: CheckoutNotice[] = [];
  let shownSession: string | undefined;
  runner = new CheckoutRunner(
    () => ({
      sessionUrl: SESSION_URL,
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
          shownSession = notice.session.sessionId;
          shownExpiryEnd = Date.parse(notice.session.expiresAt) + EXPIRY_GRACE_MS;
        }
      },
    },
    { clock: runnerClock, randomUUID: () => `key-${Math.floor(clock.now)}-${notices.length}`, store: createMemoryStore(), openChannel: () => ({ post() {}, close() {} }) },
  );
  const active = runner;

  const connect = (): void => {
    connected = true;
    active.connect();
  };
  const disconnect = (): void => {
    active.disconnect();
    connected = false;
    if (activeTimers.size > 0) violations.push(`${activeTimers.size} timer(s) left after disconnect`);
  };

  connect();
  void active.start({ kind: 'sale', amount: '149.90', instalment: 1, handoff: 'qr' });

  let paidAfterCancelShown = false;
  /** The phone pays; notes when that is after the element already showed `cancelled`. */
  const phonePays = (sessionId: string): void => {
    const before = backend.finalStatus(sessionId);
    backend.pay(sessionId);
    if (before !== 'succeeded' && backend.finalStatus(sessionId) === 'succeeded' && active.state.status === 'cancelled') paidAfterCancelShown = true;
  };

  const steps = [...schedule.steps].sort((a, b) => a.atMs - b.atMs);
  for (const step of steps) {
    const wait = T0 + step.atMs - clock.now;
    if (wait > 0) await clock.tickAsync(wait);
    const sessionId = shownSession;
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

  // The network heals and the element is on the page: the flow must come to an end, and a
  // late watch after `cancelled` with it (its end is at most a session's lifetime away).
  backend.healed = true;
  if (!connected) connect();
  const settling = (): boolean => !isTerminal(active.state) || active.watchingLatePayment;
  for (let waited = 0; settling() && waited < HEAL_LIMIT_MS; waited += 30_000) await clock.tickAsync(30_000);
  await clock.tickAsync(60_000);

  const final = active.state;
  if (!isTerminal(final)) violations.push(`no outcome after the network healed (still ${final.status})`);
  if (active.watchingLatePayment) violations.push('late watch still running after the network healed');
  if (activeTimers.size > 0) violations.push(`${activeTimers.size} timer(s) left after ${final.status}`);
  if (backend.inFlight > 0) violations.push(`a request left in flight after ${final.status}`);

  const terminalNotices = notices.filter((notice) => TERMINAL_NOTICES.has(notice.type));
  const late = terminalNotices.filter((notice) => notice.type === 'success' && notice.late);
  const onTime = terminalNotices.filter((notice) => !(notice.type === 'success' && notice.late));
  if (onTime.length !== 1) violations.push(`${onTime.length} terminal notices: ${onTime.map((n) => n.type).join(', ')}`);
  if (late.length > 1) violations.push(`${late.length} late successes`);
  if (late.length === 1 && terminalNotices[0]?.type === 'success') violations.push('a late success after an on-time success');

  let lostSuccess = false;
  if (shownSession !== undefined) {
    const told = backend.told.get(shownSession) ?? [];
    const truth = backend.finalStatus(shownSession);
    const said = notices.filter((notice) => notice.type === 'success');
    if (said.length > 0 && !told.includes('succeeded')) violations.push('success reported without the backend saying succeeded');
    if (told.includes('succeeded') && final.status !== 'succeeded') violations.push(`backend said succeeded, element shows ${final.status}`);
    if (truth === 'succeeded' && final.status !== 'succeeded') lostSuccess = true;
    if (final.status === 'failed' && truth !== 'failed') violations.push(`failure shown, backend says ${truth}`);
    if (final.status === 'cancelled' && truth !== 'cancelled') violations.push(`cancel shown, backend says ${truth}`);
  } else if (notices.some((notice) => notice.type === 'success')) {
    violations.push('success reported for a session never shown');
  }
  if (backend.maxInFlight > 1) violations.push(`${backend.maxInFlight} requests in flight at once`);
  return {
    violations,
    lostSuccess,
    requests: backend.requests,
    terminal: final.status,
    paidAfterCancelShown,
    staleCancelAnswer,
    lateSuccess: late.length > 0,
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
