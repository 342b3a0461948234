/** Shared builders for the flow's unit tests: a session, status answers, a config. */
import type { SessionResponse, StatusResponse } from '../../src/contract.js';
import { initialFlowState, transition, type Effect, type FlowConfig, type FlowEvent, type FlowState } from '../../src/flow/checkout-machine.js';
import type { PollPolicy } from '../../src/flow/poll-policy.js';
import type { CheckoutNotice, StartRequest } from '../../src/flow/types.js';

export const T0 = Date.parse('2026-11-24T10:00:00.000Z');
export const SESSION_TTL_MS = 5 * 60_000;

export const TEST_POLICY: PollPolicy = {
  intervalMs: 2_000,
  slowIntervalMs: 5_000,
  slowAfterMs: 60_000,
  maxBackoffMs: 30_000,
  requestTimeoutMs: 10_000,
};

export const TEST_CONFIG: FlowConfig = {
  policy: TEST_POLICY,
  allowedSchemes: ['paypos', 'https'],
  describeError: (code) => `text for ${code}`,
};

export function makeSession(overrides: Partial<SessionResponse> = {}): SessionResponse {
  return {
    sessionId: 'ses_1',
    kind: 'sale',
    handoff: 'paypos',
    referenceNo: 'REF-1',
    amount: '149.90',
    currency: 'TRY',
    instalment: 1,
    deeplinkUrl: 'paypos://pay?session=ps_1',
    expiresAt: new Date(T0 + SESSION_TTL_MS).toISOString(),
    statusUrl: 'https://shop.example/api/paynet/sessions/ses_1',
    ...overrides,
  };
}

/** What the backend says with `needs_review` (Paynet unreachable; the shop checks by hand). */
export const REVIEW_REASON = { code: 'needs_review', message: 'Paynet did not answer; the shop will check this payment.' };

export function makeStatus(status: StatusResponse['status'], overrides: Partial<StatusResponse> = {}): StatusResponse {
  const base: StatusResponse = {
    sessionId: 'ses_1',
    kind: 'sale',
    status,
    expiresAt: new Date(T0 + SESSION_TTL_MS).toISOString(),
  };
  if (status === 'succeeded') {
    base.transaction = {
      referenceNo: 'REF-1',
      amount: '149.90',
      currency: 'TRY',
      instalment: 1,
      cardMasked: '4546 71** **** 1234',
      authorizationCode: 'A1B2C3',
    };
  }
  if (status === 'failed') base.reason = { code: 'declined', message: 'Card declined' };
  if (status === 'needs_review') base.reason = REVIEW_REASON;
  return { ...base, ...overrides };
}

export const SALE: Extract<StartRequest, { kind: 'sale' }> = { kind: 'sale', amount: '149.90', instalment: 1, handoff: 'qr' };

/** Folds events through the machine, keeping every effect, like the runner would. */
export class Harness {
  state: FlowState;
  effects: Effect[] = [];
  now = T0;

  constructor(config: FlowConfig = TEST_CONFIG) {
    this.state = initialFlowState(config);
  }

  send(event: FlowEvent, random = 0.5): Effect[] {
    const result = transition(this.state, event, this.now, random);
    this.state = result.state;
    this.effects.push(...result.effects);
    return result.effects;
  }

  get notices(): CheckoutNotice[] {
    return this.effects.flatMap((effect) => (effect.type === 'notify' ? [effect.notice] : []));
  }

  get terminalNotices(): CheckoutNotice[] {
    return this.notices.filter((notice) => ['success', 'failure', 'expired', 'cancel', 'review', 'error'].includes(notice.type));
  }

  /** The id of the request now in flight (the test answers it). */
  get inFlightId(): number {
    const inFlight = this.state.inFlight;
    if (inFlight === null) throw new Error('nothing in flight');
    return inFlight.id;
  }

  /** Starts a sale and answers its creation with `session`. */
  openSession(session: SessionResponse = makeSession(), request: StartRequest = SALE): void {
    this.send({ type: 'start', request, idempotencyKey: 'key-1' });
    this.send({ type: 'started', requestId: this.inFlightId, answer: { session } });
  }

  lastScheduledDelayMs(): number | undefined {
    const scheduled = this.effects.filter((effect) => effect.type === 'schedule-poll');
    const last = scheduled.at(-1);
    return last?.type === 'schedule-poll' ? last.delayMs : undefined;
  }
}
