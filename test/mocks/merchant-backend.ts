/**
 * An in-memory merchant backend behind msw handlers, speaking `src/contract.ts`: the
 * element's only network peer, scripted. Element tests drive it ("the phone paid",
 * "the next poll fails"); a static demo can reuse it with `autoApproveAfterPolls`.
 *
 * It is the element's environment, not the code under test: it keeps sessions, answers
 * polls from their state, and records every request so tests can check what was sent.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import type {
  CardPaymentRequest,
  CreateReversalRequest,
  CreateSessionRequest,
  DeviceInfo,
  ErrorResponse,
  SessionResponse,
  StatusResponse,
  TransactionSummary,
} from '../../src/contract.js';

export interface MockBackendOptions {
  /** Route prefix; default "/api/paynet". */
  basePath?: string;
  /** What the deeplink of a new session is built from; default `paypos://pay?session=`. */
  deeplinkPrefix?: string;
  sessionTtlMs?: number;
  devices?: DeviceInfo[];
  /** Demo mode: the "phone" pays on this poll of a session (1 = first poll). */
  autoApproveAfterPolls?: number;
  /** Advertise long-poll (`statusWaitSeconds` in the session answer). Default: not advertised, as before. */
  statusWaitSeconds?: number;
  /**
   * What a `?wait=N` status request gets while the session is pending: `hold` (default) keeps it
   * until the session changes or N seconds pass, as the kit does; `ignore` answers at once, as a
   * proxy or CDN that drops the hold would.
   */
  longPoll?: 'hold' | 'ignore';
}

/** One scripted answer that replaces the next normal one on a route. */
export type Fault =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'network' }
  | { kind: 'malformed' };

export type Route = 'create' | 'status' | 'cancel' | 'reversal' | 'payment' | 'devices';

export interface RecordedRequest {
  route: Route;
  method: string;
  url: string;
  idempotencyKey: string | null;
  body: unknown;
  /** When it reached the backend (performance.now()). */
  at: number;
}

interface MockSession {
  response: SessionResponse;
  status: StatusResponse['status'];
  polls: number;
  transaction?: TransactionSummary;
  reason?: { code: string; message: string };
  /** What a cancel request finds: the phone may have paid a moment before. */
  payBeforeCancel: boolean;
  /** ...or the backend may have lost Paynet's answer (needs_review) just before. */
  reviewBeforeCancel: boolean;
}

export const DEFAULT_DEVICES: DeviceInfo[] = [
  { deviceId: 'P00134', label: 'Kasa 1' },
  { deviceId: 'P00135', label: 'Kasa 2' },
];

/** Cards the payment route declines, like the simulator's test cards. */
const DECLINED_CARD = '4000000000000002';

export class MockMerchantBackend {
  readonly basePath: string;
  readonly requests: RecordedRequest[] = [];
  private readonly sessions = new Map<string, MockSession>();
  private readonly faults = new Map<Route, Fault[]>();
  private readonly gates = new Map<Route, Promise<void>[]>();
  /** Requests that reached the backend per route, answered or not (one the page aborted while held may never be recorded). */
  private readonly arrived = new Map<Route, number>();
  private readonly options: Required<Omit<MockBackendOptions, 'autoApproveAfterPolls' | 'statusWaitSeconds'>> & Pick<MockBackendOptions, 'autoApproveAfterPolls' | 'statusWaitSeconds'>;
  /** Held long-polls per session, woken by any change of its status. */
  private readonly waiting = new Map<string, Set<() => void>>();
  private counter = 0;
  /**
   * Session ids unique to this backend: pages of other test files share the origin, and so
   * the element's cross-tab BroadcastChannel; a "ses_1" there must not settle a "ses_1" here.
   */
  private readonly idPrefix = crypto.randomUUID().slice(0, 8);
  /** Tests can replace a new session's deeplink (say, with `javascript:…`). */
  deeplinkOverride: string | null | undefined;

  constructor(options: MockBackendOptions = {}) {
    this.options = {
      basePath: options.basePath ?? '/api/paynet',
      deeplinkPrefix: options.deeplinkPrefix ?? 'paypos://pay?session=',
      sessionTtlMs: options.sessionTtlMs ?? 5 * 60_000,
      devices: options.devices ?? DEFAULT_DEVICES,
      longPoll: options.longPoll ?? 'hold',
      ...(options.autoApproveAfterPolls === undefined ? {} : { autoApproveAfterPolls: options.autoApproveAfterPolls }),
      ...(options.statusWaitSeconds === undefined ? {} : { statusWaitSeconds: options.statusWaitSeconds }),
    };
    this.basePath = this.options.basePath;
  }

  get sessionUrl(): string {
    return `${this.basePath}/sessions`;
  }
  get reversalUrl(): string {
    return `${this.basePath}/reversals`;
  }
  get paymentUrl(): string {
    return `${this.basePath}/payments`;
  }
  get devicesUrl(): string {
    return `${this.basePath}/devices`;
  }

  /** The next `count` requests on `route` get `fault` instead of their normal answer. */
  fail(route: Route, fault: Fault, count = 1): void {
    const queue = this.faults.get(route) ?? [];
    for (let i = 0; i < count; i++) queue.push(fault);
    this.faults.set(route, queue);
  }

  /** Drops the faults still queued on `route`. */
  clearFaults(route: Route): void {
    this.faults.delete(route);
  }

  /**
   * Holds the next request on `route` until the returned function is called, so a test can
   * look at the element while it waits (the "creating" state, say).
   */
  hold(route: Route): () => void {
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const gates = this.gates.get(route) ?? [];
    gates.push(gate);
    this.gates.set(route, gates);
    return release;
  }

  /** A sale paid earlier (for reversal tests). */
  seedPaidSale(amount = '149.90', instalment = 1): string {
    this.createSession({ amount, instalment, currency: 'TRY' }, 'sale');
    const sessionId = `ses_${this.idPrefix}_${this.counter}`;
    this.approve(sessionId);
    return sessionId;
  }

  session(sessionId: string): SessionResponse {
    return this.get(sessionId).response;
  }

  /** The phone (or terminal) approved. */
  approve(sessionId: string, card = '4546 71** **** 1234'): TransactionSummary {
    const session = this.get(sessionId);
    const transaction: TransactionSummary = {
      xactId: `xact_${sessionId}`,
      xactDate: new Date().toISOString(),
      referenceNo: session.response.referenceNo,
      amount: session.response.amount,
      currency: 'TRY',
      instalment: session.response.instalment,
      cardMasked: card,
      authorizationCode: 'A1B2C3',
    };
    session.status = 'succeeded';
    session.transaction = transaction;
    this.wake(sessionId);
    return transaction;
  }

  decline(sessionId: string, message = 'Yetersiz bakiye', code = 'declined'): void {
    const session = this.get(sessionId);
    session.status = 'failed';
    session.reason = { code, message };
    this.wake(sessionId);
  }

  /**
   * The backend could not learn the payment's fate from Paynet within its window: the shop
   * will check it by hand (final for the shopper; not a failure).
   */
  review(sessionId: string, message = 'Paynet’ten yanıt alınamadı; mağaza ödemeyi kontrol edecek.'): void {
    const session = this.get(sessionId);
    session.status = 'needs_review';
    session.reason = { code: 'needs_review', message };
    this.wake(sessionId);
  }

  /** The backend loses Paynet's answer in the instant between the shopper's Cancel and the backend's cancel. */
  reviewOnCancel(sessionId: string): void {
    this.get(sessionId).reviewBeforeCancel = true;
  }

  expire(sessionId: string): void {
    this.get(sessionId).status = 'expired';
    this.wake(sessionId);
  }

  /** Long-polls held right now (all sessions). */
  get heldLongPolls(): number {
    let total = 0;
    for (const set of this.waiting.values()) total += set.size;
    return total;
  }

  /** The phone pays in the instant between the shopper's Cancel and the backend's cancel. */
  payOnCancel(sessionId: string): void {
    this.get(sessionId).payBeforeCancel = true;
  }

  /** How many requests reached `route`, counted as they arrive, before any hold. */
  arrivals(route: Route): number {
    return this.arrived.get(route) ?? 0;
  }

  requestsTo(route: Route): RecordedRequest[] {
    return this.requests.filter((request) => request.route === route);
  }

  get handlers(): HttpHandler[] {
    const base = this.basePath;
    return [
      http.post(`${base}/sessions`, async ({ request }) => {
        const body = (await this.record('create', request)) as CreateSessionRequest;
        return this.faulted('create') ?? this.createSession(body, 'sale');
      }),
      http.get(`${base}/sessions/:id`, async ({ request, params }) => {
        await this.record('status', request);
        const faulted = this.faulted('status');
        if (faulted) return faulted;
        await this.held(String(params['id']), request);
        return this.status(String(params['id']));
      }),
      http.post(`${base}/sessions/:id/cancel`, async ({ request, params }) => {
        await this.record('cancel', request);
        return this.faulted('cancel') ?? this.cancel(String(params['id']));
      }),
      http.post(`${base}/reversals`, async ({ request }) => {
        const body = (await this.record('reversal', request)) as CreateReversalRequest;
        if (!this.sessions.has(body.saleSessionId)) return error(404, 'unknown_sale', 'Satış bulunamadı');
        const sale = this.get(body.saleSessionId).response;
        return (
          this.faulted('reversal') ??
          this.createSession({ amount: sale.amount, instalment: sale.instalment, currency: 'TRY' }, 'reversal')
        );
      }),
      http.post(`${base}/payments`, async ({ request }) => {
        const body = (await this.record('payment', request)) as CardPaymentRequest;
        return this.faulted('payment') ?? this.payByCard(body);
      }),
      http.get(`${base}/devices`, async ({ request }) => {
        await this.record('devices', request);
        return this.faulted('devices') ?? HttpResponse.json({ devices: this.options.devices });
      }),
    ];
  }

  private get(sessionId: string): MockSession {
    const session = this.sessions.get(sessionId);
    if (session === undefined) throw new Error(`no session ${sessionId}`);
    return session;
  }

  private async record(route: Route, request: Request): Promise<unknown> {
    this.arrived.set(route, this.arrivals(route) + 1);
    const text = await request.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    const gate = this.gates.get(route)?.shift();
    if (gate !== undefined) await gate;
    this.requests.push({
      route,
      method: request.method,
      url: request.url,
      idempotencyKey: request.headers.get('Idempotency-Key'),
      body,
      at: performance.now(),
    });
    return body;
  }

  /** A `?wait=N` request on a pending session, held (mode `hold`) until it changes, N s pass or the page drops it. */
  private async held(sessionId: string, request: Request): Promise<void> {
    const seconds = Number(new URL(request.url).searchParams.get('wait') ?? '');
    const session = this.sessions.get(sessionId);
    if (this.options.longPoll !== 'hold' || !(seconds > 0) || session?.status !== 'pending') return;
    const waiters = this.waiting.get(sessionId) ?? new Set<() => void>();
    this.waiting.set(sessionId, waiters);
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        request.signal.removeEventListener('abort', done);
        waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, seconds * 1_000);
      request.signal.addEventListener('abort', done);
      waiters.add(done);
    });
  }

  private wake(sessionId: string): void {
    for (const done of [...(this.waiting.get(sessionId) ?? [])]) done();
  }

  private faulted(route: Route): Response | undefined {
    const fault = this.faults.get(route)?.shift();
    if (fault === undefined) return undefined;
    switch (fault.kind) {
      case 'network':
        return HttpResponse.error();
      case 'malformed':
        return new HttpResponse('{"sessionId": "ses_', { status: 200, headers: { 'Content-Type': 'application/json' } });
      case 'status':
        return fault.body === undefined
          ? new HttpResponse(null, { status: fault.status, ...(fault.headers === undefined ? {} : { headers: fault.headers }) })
          : HttpResponse.json(fault.body, { status: fault.status, ...(fault.headers === undefined ? {} : { headers: fault.headers }) });
    }
  }

  private createSession(body: CreateSessionRequest, kind: 'sale' | 'reversal'): Response {
    this.counter += 1;
    const sessionId = `ses_${this.idPrefix}_${this.counter}`;
    const device = body.handoff === 'device' ? this.options.devices.find((d) => d.deviceId === body.deviceId) : undefined;
    if (body.handoff === 'device' && device === undefined) return error(400, 'unknown_device', 'Terminal bulunamadı');
    const deeplink = device !== undefined ? null : this.deeplinkOverride !== undefined ? this.deeplinkOverride : `${this.options.deeplinkPrefix}ps_${this.counter}`;
    const response: SessionResponse = {
      sessionId,
      kind,
      handoff: device === undefined ? 'paypos' : 'device',
      referenceNo: `REF-${this.counter}`,
      amount: body.amount,
      currency: 'TRY',
      instalment: body.instalment,
      deeplinkUrl: deeplink,
      expiresAt: new Date(Date.now() + this.options.sessionTtlMs).toISOString(),
      // Relative, as the contract allows: resolved against the creating URL.
      statusUrl: `sessions/${sessionId}`,
      ...(device === undefined ? {} : { device }),
      ...(this.options.statusWaitSeconds === undefined ? {} : { statusWaitSeconds: this.options.statusWaitSeconds }),
    };
    this.sessions.set(sessionId, { response, status: 'pending', polls: 0, payBeforeCancel: false, reviewBeforeCancel: false });
    return HttpResponse.json(response, { status: 201 });
  }

  private statusOf(session: MockSession): StatusResponse {
    const answer: StatusResponse = {
      sessionId: session.response.sessionId,
      kind: session.response.kind,
      status: session.status,
      expiresAt: session.response.expiresAt,
    };
    if (session.transaction !== undefined) answer.transaction = session.transaction;
    if (session.reason !== undefined) answer.reason = session.reason;
    return answer;
  }

  private status(sessionId: string): Response {
    const session = this.sessions.get(sessionId);
    if (session === undefined) return error(404, 'unknown_session', 'Oturum bulunamadı');
    session.polls += 1;
    const auto = this.options.autoApproveAfterPolls;
    if (auto !== undefined && session.status === 'pending' && session.polls >= auto) this.approve(sessionId);
    return HttpResponse.json(this.statusOf(session), { headers: { 'Cache-Control': 'no-store' } });
  }

  private cancel(sessionId: string): Response {
    const session = this.sessions.get(sessionId);
    if (session === undefined) return error(404, 'unknown_session', 'Oturum bulunamadı');
    if (session.payBeforeCancel && session.status === 'pending') this.approve(sessionId);
    if (session.reviewBeforeCancel && session.status === 'pending') this.review(sessionId);
    if (session.status === 'pending') {
      session.status = 'cancelled';
      this.wake(sessionId);
    }
    return HttpResponse.json(this.statusOf(session));
  }

  private payByCard(body: CardPaymentRequest): Response {
    this.counter += 1;
    const referenceNo = `REF-${this.counter}`;
    const base = { sessionId: `card_${this.idPrefix}_${this.counter}`, kind: 'sale' as const, expiresAt: new Date().toISOString() };
    if (body.card.number === DECLINED_CARD) {
      return HttpResponse.json({ ...base, status: 'failed', reason: { code: 'insufficient_funds', message: 'Yetersiz bakiye' } });
    }
    const transaction: TransactionSummary = {
      xactId: `xact_card_${this.counter}`,
      referenceNo,
      amount: body.amount,
      currency: 'TRY',
      instalment: body.instalment,
      cardMasked: `${body.card.number.slice(0, 6)}******${body.card.number.slice(-4)}`,
      cardHolder: body.card.holder,
      authorizationCode: 'C4RD01',
    };
    return HttpResponse.json({ ...base, status: 'succeeded', transaction });
  }
}

function error(status: number, code: string, message: string): Response {
  const body: ErrorResponse = { error: { code, message } };
  return HttpResponse.json(body, { status });
}
