/**
 * The pure machine under random event sequences, including the ones the runner never
 * produces: answers to old requests, duplicates, results for other sessions, events in the
 * wrong state. Checks the rules each single transition must keep.
 */
import fc from 'fast-check';
import type { SessionResponse, SessionStatus, StatusResponse } from '../../src/contract.js';
import { initialFlowState, isTerminal, lateWatchEnd, transition, type Effect, type FlowEvent, type FlowState } from '../../src/flow/checkout-machine.js';
import { DEFAULT_POLL_POLICY, EXPIRY_GRACE_MS } from '../../src/flow/poll-policy.js';

const T0 = Date.parse('2026-11-24T10:00:00.000Z');
const TTL_MS = 60_000;

type Command =
  | { type: 'start' }
  | { type: 'created'; unsafe: boolean; which: number }
  | { type: 'create-failed'; which: number }
  | { type: 'poll-due' }
  | { type: 'poll-result'; status: SessionStatus; otherSession: boolean; which: number }
  | { type: 'poll-failed'; retryable: boolean; which: number }
  | { type: 'cancel' }
  | { type: 'cancel-result'; status: SessionStatus; which: number }
  | { type: 'cancel-failed'; which: number }
  | { type: 'remote'; status: SessionStatus; otherSession: boolean }
  | { type: 'suspended' }
  | { type: 'woken' }
  | { type: 'reset' }
  | { type: 'advance'; ms: number };

const statusArb = fc.constantFrom<SessionStatus>('pending', 'pending', 'succeeded', 'failed', 'expired', 'cancelled', 'needs_review');
/** 0 = the request in flight; 1..3 = an older request id (stale or duplicate). */
const whichArb = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) });

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.constant<Command>({ type: 'start' }),
  fc.record({ type: fc.constant('created' as const), unsafe: fc.boolean(), which: whichArb }),
  fc.record({ type: fc.constant('create-failed' as const), which: whichArb }),
  fc.constant<Command>({ type: 'poll-due' }),
  fc.record({ type: fc.constant('poll-result' as const), status: statusArb, otherSession: fc.boolean(), which: whichArb }),
  fc.record({ type: fc.constant('poll-failed' as const), retryable: fc.boolean(), which: whichArb }),
  fc.constant<Command>({ type: 'cancel' }),
  fc.record({ type: fc.constant('cancel-result' as const), status: statusArb, which: whichArb }),
  fc.record({ type: fc.constant('cancel-failed' as const), which: whichArb }),
  fc.record({ type: fc.constant('remote' as const), status: statusArb, otherSession: fc.boolean() }),
  fc.constant<Command>({ type: 'suspended' }),
  fc.constant<Command>({ type: 'woken' }),
  fc.constant<Command>({ type: 'reset' }),
  fc.integer({ min: 1, max: 40_000 }).map((ms): Command => ({ type: 'advance', ms })),
  // Far enough to reach a late watch's end (a session lives TTL_MS per attempt).
  fc.integer({ min: 40_000, max: 2 * TTL_MS }).map((ms): Command => ({ type: 'advance', ms })),
);

/** A session, a pending poll, Cancel agreed: half the sequences start in the late watch. */
const CANCELLED_PREFIX: readonly Command[] = [
  { type: 'start' },
  { type: 'created', unsafe: false, which: 0 },
  { type: 'cancel' },
  { type: 'poll-result', status: 'pending', otherSession: false, which: 0 },
  { type: 'cancel-result', status: 'cancelled', which: 0 },
];

const sequenceArb: fc.Arbitrary<Command[]> = fc.oneof(
  { weight: 2, arbitrary: fc.array(commandArb, { maxLength: 60 }) },
  fc.array(commandArb, { maxLength: 60 }).map((rest) => [...CANCELLED_PREFIX, ...rest]),
  // ...and a third at its end, its final check about to leave.
  fc.array(commandArb, { maxLength: 60 }).map((rest): Command[] => [
    ...CANCELLED_PREFIX,
    { type: 'advance', ms: TTL_MS + EXPIRY_GRACE_MS },
    { type: 'poll-due' },
    ...rest,
  ]),
);

function session(n: number, unsafe: boolean): SessionResponse {
  return {
    sessionId: `ses_${n}`,
    kind: 'sale',
    handoff: 'paypos',
    referenceNo: `REF-${n}`,
    amount: '10.00',
    currency: 'TRY',
    instalment: 1,
    deeplinkUrl: unsafe ? 'javascript:alert(1)' : `paypos://pay?session=${n}`,
    expiresAt: new Date(T0 + TTL_MS * n).toISOString(),
    statusUrl: `https://shop.example/s/${n}`,
  };
}

function statusFor(sessionId: string, status: SessionStatus): StatusResponse {
  return { sessionId, kind: 'sale', status, expiresAt: new Date(T0).toISOString() };
}

const REQUEST_EFFECTS = new Set<Effect['type']>(['send', 'poll', 'cancel-session']);
const TERMINAL_NOTICES = new Set(['success', 'failure', 'expired', 'cancel', 'review', 'error']);

function toEvent(state: FlowState, command: Command, attempt: number): FlowEvent | undefined {
  const id = (which: number): number => (which === 0 ? (state.inFlight?.id ?? state.nextRequestId - 1) : Math.max(0, state.nextRequestId - 1 - which));
  const currentSession = 'session' in state.checkout ? state.checkout.session?.sessionId : undefined;
  const sid = (other: boolean): string => (other || currentSession === undefined ? 'ses_other' : currentSession);
  switch (command.type) {
    case 'start':
      return { type: 'start', request: { kind: 'sale', amount: '10.00', instalment: 1, handoff: 'deeplink' }, idempotencyKey: `k${attempt}` };
    case 'created':
      return { type: 'started', requestId: id(command.which), answer: { session: session(attempt, command.unsafe) } };
    case 'create-failed':
      return { type: 'start-failed', requestId: id(command.which), error: { code: 'network', message: 'n', retryable: true } };
    case 'poll-due':
      return { type: 'poll-due' };
    case 'poll-result':
      return { type: 'poll-result', requestId: id(command.which), status: statusFor(sid(command.otherSession), command.status) };
    case 'poll-failed':
      return { type: 'poll-failed', requestId: id(command.which), error: { code: command.retryable ? 'network' : 'not_found', message: 'x', retryable: command.retryable } };
    case 'cancel':
      return { type: 'cancel-requested' };
    case 'cancel-result':
      return { type: 'cancel-result', requestId: id(command.which), status: statusFor(sid(false), command.status) };
    case 'cancel-failed':
      return { type: 'cancel-failed', requestId: id(command.which), error: { code: 'timeout', message: 't', retryable: true } };
    case 'remote':
      return { type: 'remote-result', status: statusFor(sid(command.otherSession), command.status) };
    case 'suspended':
      return { type: 'suspended' };
    case 'woken':
      return { type: 'woken' };
    case 'reset':
      return { type: 'reset' };
    case 'advance':
      return undefined;
  }
}

function carriedStatus(event: FlowEvent): SessionStatus | undefined {
  if (event.type === 'poll-result' || event.type === 'cancel-result' || event.type === 'remote-result') return event.status.status;
  if (event.type === 'started' && 'status' in event.answer) return event.answer.status.status;
  return undefined;
}

interface Checked {
  violations: string[];
  /** The sequence opened a late watch after `cancelled`. */
  watched: boolean;
  /** ...and answered its final check. */
  finalChecked: boolean;
}

/** Checks one sequence; returns its violations. */
function check(commands: readonly Command[]): Checked {
  const violations: string[] = [];
  let watched = false;
  let finalChecked = false;
  let state = initialFlowState({ policy: DEFAULT_POLL_POLICY, allowedSchemes: ['paypos', 'https'], describeError: (code) => code });
  let now = T0;
  let attempt = 0;
  let onTime = 0;
  let late = 0;
  for (const command of commands) {
    if (command.type === 'advance') {
      now += command.ms;
      continue;
    }
    if (command.type === 'start') attempt++;
    const event = toEvent(state, command, attempt);
    if (event === undefined) continue;
    const before = state;
    const { state: after, effects } = transition(state, event, now, 0.5);
    state = after;
    const watchBefore = lateWatchEnd(before);
    const watchAfter = lateWatchEnd(after);
    const requests = effects.filter((effect) => REQUEST_EFFECTS.has(effect.type));
    if (requests.length > 1) violations.push(`${event.type}: ${requests.length} requests at once`);
    const answersInFlight = 'requestId' in event && before.inFlight !== null && event.requestId === before.inFlight.id;
    if (requests.length === 1 && before.inFlight !== null && !answersInFlight && event.type !== 'start') {
      violations.push(`${event.type}: request while one is in flight`);
    }
    const work = effects.filter((effect) => REQUEST_EFFECTS.has(effect.type) || effect.type === 'schedule-poll');
    if (isTerminal(before.checkout) && event.type !== 'start' && work.length > 0) {
      // The one exception: the late watch after `cancelled` asks for that session's status.
      const watching = before.checkout.status === 'cancelled' && watchBefore !== null;
      const statusUrl = before.checkout.status === 'cancelled' ? before.checkout.session.statusUrl : undefined;
      const onlyWatch = work.every((effect) => effect.type === 'schedule-poll' || (effect.type === 'poll' && effect.statusUrl === statusUrl));
      if (!watching || !onlyWatch || after.checkout.status !== 'cancelled') violations.push(`${event.type}: work after ${before.checkout.status}`);
    }
    if (watchAfter !== null && after.checkout.status !== 'cancelled') violations.push(`${event.type}: late watch open in ${after.checkout.status}`);
    if (isTerminal(before.checkout) && watchBefore === null && watchAfter !== null) violations.push(`${event.type}: late watch reopened`);
    if (watchAfter !== null && after.checkout.status === 'cancelled' && watchAfter !== Date.parse(after.checkout.session.expiresAt) + EXPIRY_GRACE_MS) {
      violations.push(`${event.type}: late watch does not end at expiryEnd`);
    }
    for (const effect of effects) {
      if (effect.type === 'schedule-poll' && watchAfter !== null && now < watchAfter && now + effect.delayMs > watchAfter) {
        violations.push(`${event.type}: late-watch timer sails past its end`);
      }
    }
    // An answer about another session is a misrouted reply, not the backend's word on this one.
    const finalCheck =
      event.type === 'poll-result' && before.checkout.status === 'cancelled' && watchBefore !== null &&
      event.status.sessionId === before.checkout.session.sessionId &&
      before.inFlight?.id === event.requestId && before.inFlight.sentAt >= watchBefore;
    if (finalCheck && watchAfter !== null) violations.push('poll-result: late watch goes on after its final check was answered');
    if (watchAfter !== null) watched = true;
    if (finalCheck) finalChecked = true;
    const handed = effects.filter((effect) => effect.type === 'watch-in-background');
    const leavesWatch = (event.type === 'reset' || event.type === 'start') && isTerminal(before.checkout) && before.checkout.status === 'cancelled' && watchBefore !== null;
    if (leavesWatch) {
      // The watch must go on behind the new flow exactly as it was, with nothing of the old request.
      const watch = handed[0]?.type === 'watch-in-background' ? handed[0].watch : undefined;
      if (handed.length !== 1 || watch === undefined) violations.push(`${event.type}: a running late watch was dropped`);
      else if (watch.checkout !== before.checkout || watch.lateWatchUntil !== watchBefore || watch.inFlight !== null) violations.push(`${event.type}: the watch handed over is not the one that ran`);
      if (effects.some((effect) => effect.type === 'unwatch')) violations.push(`${event.type}: a handed-over watch was forgotten in storage`);
    } else if (handed.length > 0) {
      violations.push(`${event.type}: a watch handed over though none ran`);
    }
    if ((event.type === 'reset' || event.type === 'start') && before.inFlight !== null && isTerminal(before.checkout) && effects.length > 0 && effects[0]?.type !== 'abort-request') {
      violations.push(`${event.type}: request left in flight`);
    }
    for (const effect of effects) {
      if (effect.type === 'schedule-poll' && (effect.delayMs < 0 || effect.delayMs > DEFAULT_POLL_POLICY.maxBackoffMs)) violations.push(`delay ${effect.delayMs}`);
      if (effect.type === 'notify' && effect.notice.type === 'launch' && effect.notice.url.startsWith('javascript')) violations.push('launched a javascript: url');
      if (effect.type !== 'notify' || !TERMINAL_NOTICES.has(effect.notice.type)) continue;
      const notice = effect.notice;
      const carried = carriedStatus(event);
      if (notice.type === 'success') {
        if (carried !== 'succeeded') violations.push(`${event.type}: success without a succeeded answer`);
        if (notice.late) late++;
        else onTime++;
      } else if (notice.type === 'review') {
        // The shop checks it by hand: only ever the backend's needs_review, and late only after a cancel.
        if (carried !== 'needs_review') violations.push(`${event.type}: review without a needs_review answer`);
        if (notice.late && before.checkout.status !== 'cancelled') violations.push(`${event.type}: a late review after ${before.checkout.status}`);
        if (notice.late) late++;
        else onTime++;
      } else {
        onTime++;
        if (carried === 'succeeded') violations.push(`${event.type}: ${notice.type} from a succeeded answer`);
        if (carried === 'needs_review') violations.push(`${event.type}: ${notice.type} from a needs_review answer`);
      }
    }
    if (event.type === 'start' && effects.length > 0) {
      onTime = 0;
      late = 0;
    }
    if (onTime > 1) violations.push(`${onTime} terminal notices in one attempt`);
    if (late > 1) violations.push(`${late} late outcomes in one attempt`);
  }
  return { violations, watched, finalChecked };
}

export interface MachineFuzzResult {
  sequences: number;
  violations: string[];
  /** Sequences that opened a late watch, and that answered its final check. */
  lateWatches: number;
  finalChecks: number;
}

export function machineFuzz(runs: number): MachineFuzzResult {
  const violations: string[] = [];
  let sequences = 0;
  let lateWatches = 0;
  let finalChecks = 0;
  fc.assert(
    fc.property(sequenceArb, (commands) => {
      sequences++;
      const found = check(commands);
      if (found.watched) lateWatches++;
      if (found.finalChecked) finalChecks++;
      if (found.violations.length > 0 && violations.length === 0) violations.push(`${found.violations.join('; ')} — in ${JSON.stringify(commands)}`);
      return true;
    }),
    { numRuns: runs },
  );
  return { sequences, violations, lateWatches, finalChecks };
}
