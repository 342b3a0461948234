/**
 * The environment of the fault schedules: a merchant backend kept in memory and reached
 * through a scripted `fetch` whose every answer can be delayed, lost, cut off, refused or
 * wrong. It is the backend's truth the invariants compare the element against.
 */
import type { SessionResponse, SessionStatus, StatusResponse } from '../../src/contract.js';

export type Fault =
  | 'ok'
  /** Connection refused: the backend never saw the request. */
  | 'refused'
  /** The backend did the work, the answer was lost on the way back. */
  | 'lost'
  /** The backend did the work, the answer came after the client's timeout. */
  | 'timeout'
  | 'http500'
  | 'http429'
  | 'malformed'
  | 'wrong-shape'
  /** An answer about another session (a misrouted or cached reply). */
  | 'other-session';

export interface ScriptedCall {
  fault: Fault;
  latencyMs: number;
}

export interface Timers {
  now(): number;
  setTimeout(callback: () => void, delayMs: number): unknown;
}

export const ORIGIN = 'http://127.0.0.1:9';
export const SESSION_URL = `${ORIGIN}/api/paynet/sessions`;

interface BackendSession {
  response: SessionResponse;
  status: SessionStatus;
  expiresAtMs: number;
}

export class ScriptedBackend {
  readonly sessions = new Map<string, BackendSession>();
  private readonly byKey = new Map<string, string>();
  private calls = 0;
  healed = false;
  inFlight = 0;
  maxInFlight = 0;
  /** Requests out per session id ('create' for session creation): the element may watch several. */
  private readonly inFlightBy = new Map<string, number>();
  requests = 0;
  /** Every status the element was actually told, per session, in order. */
  readonly told = new Map<string, SessionStatus[]>();
  /** Called at each request with its method and URL, before anything else (for invariants). */
  onRequest: (method: string, url: string) => void = () => {};
  /** Called when an answer reaches the client intact (fault `ok`), with when its request left. */
  onAnswer: (method: string, url: string, sentAt: number, told: StatusResponse | undefined, signal: AbortSignal | undefined) => void = () => {};

  constructor(
    private readonly timers: Timers,
    private readonly script: readonly ScriptedCall[],
    private readonly ttlMs: number,
    private readonly requestTimeoutMs: number,
  ) {}

  /**
   * The phone took the card. Paynet takes it while its session is open (until expiresAt),
   * even after the shop cancelled locally: Paynet has no void for a pending session. The
   * backend's late-payment check then turns `cancelled` into `succeeded`.
   */
  pay(sessionId: string): void {
    const session = this.sessions.get(sessionId);
    if (session === undefined) return;
    const status = this.settle(session);
    if (this.timers.now() < session.expiresAtMs && (status === 'pending' || status === 'cancelled')) session.status = 'succeeded';
  }

  /**
   * The backend could not learn the payment's fate from Paynet (Paynet unreachable, an answer
   * it cannot read) and gives the session to the shop to check by hand: `needs_review`, final.
   * Only while the phone could still have paid (before expiresAt), as the backend's own
   * late-payment check would: after that a cancelled or expired session is settled for good.
   */
  review(sessionId: string): void {
    const session = this.sessions.get(sessionId);
    if (session === undefined) return;
    const status = this.settle(session);
    if (this.timers.now() < session.expiresAtMs && (status === 'pending' || status === 'cancelled')) session.status = 'needs_review';
  }

  decline(sessionId: string): void {
    const session = this.sessions.get(sessionId);
    if (session !== undefined && this.settle(session) === 'pending') session.status = 'failed';
  }

  expiresAtMs(sessionId: string): number | undefined {
    return this.sessions.get(sessionId)?.expiresAtMs;
  }

  inFlightFor(key: string): number {
    return this.inFlightBy.get(key) ?? 0;
  }

  finalStatus(sessionId: string): SessionStatus | undefined {
    const session = this.sessions.get(sessionId);
    return session === undefined ? undefined : this.settle(session);
  }

  readonly fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    const sentAt = this.timers.now();
    this.onRequest(method, url);
    this.requests++;
    const call = this.healed ? { fault: 'ok' as const, latencyMs: 50 } : this.script[this.calls++ % this.script.length] ?? { fault: 'ok' as const, latencyMs: 50 };
    const key = sessionKey(url);
    this.inFlight++;
    this.inFlightBy.set(key, this.inFlightFor(key) + 1);
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      const finish = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        this.inFlight--;
        this.inFlightBy.set(key, this.inFlightFor(key) - 1);
        outcome();
      };
      init?.signal?.addEventListener('abort', () => finish(() => reject(new DOMException('aborted', 'AbortError'))), { once: true });
      if (call.fault === 'refused') {
        this.timers.setTimeout(() => finish(() => reject(new TypeError('Failed to fetch'))), Math.min(call.latencyMs, 100));
        return;
      }
      // The backend acts when the request arrives; the answer travels back after the latency.
      const answer = this.handle(method, url, init);
      // A created session with a wrong id cannot be told from a right one; misrouting is a status-answer fault.
      const fault = call.fault === 'other-session' && answer.told === undefined ? 'ok' : call.fault;
      const deliver = (): void => {
        switch (fault) {
          case 'lost':
            return finish(() => reject(new TypeError('Failed to fetch')));
          case 'timeout':
            return finish(() => reject(new DOMException('timed out', 'TimeoutError')));
          case 'http500':
            return finish(() => resolve(new Response(null, { status: 500 })));
          case 'http429':
            return finish(() =>
              resolve(Response.json({ error: { code: 'rate_limited', message: 'Slow down' } }, { status: 429, headers: { 'Retry-After': '4' } })),
            );
          case 'malformed':
            return finish(() => resolve(new Response('{"sessionId":"ses', { status: answer.status, headers: { 'Content-Type': 'application/json' } })));
          case 'wrong-shape':
            return finish(() => resolve(Response.json({ ok: true, status: 'paid' }, { status: answer.status })));
          case 'other-session':
            return finish(() => resolve(Response.json(answer.body === null ? null : { ...(answer.body as object), sessionId: 'ses_elsewhere' }, { status: answer.status })));
          case 'ok':
            return finish(() => {
              if (answer.told !== undefined) this.remember(answer.told);
              this.onAnswer(method, url, sentAt, answer.told, init?.signal ?? undefined);
              resolve(Response.json(answer.body, { status: answer.status }));
            });
        }
      };
      const delayMs = fault === 'timeout' ? this.requestTimeoutMs : call.latencyMs;
      this.timers.setTimeout(deliver, delayMs);
    });
  };

  private remember(status: StatusResponse): void {
    const list = this.told.get(status.sessionId) ?? [];
    list.push(status.status);
    this.told.set(status.sessionId, list);
  }

  private settle(session: BackendSession): SessionStatus {
    if (session.status === 'pending' && this.timers.now() >= session.expiresAtMs) session.status = 'expired';
    return session.status;
  }

  private statusOf(session: BackendSession): StatusResponse {
    const status: StatusResponse = {
      sessionId: session.response.sessionId,
      kind: 'sale',
      status: this.settle(session),
      expiresAt: session.response.expiresAt,
    };
    if (status.status === 'succeeded') {
      status.transaction = { referenceNo: session.response.referenceNo, amount: session.response.amount, currency: 'TRY', instalment: 1 };
    }
    if (status.status === 'failed') status.reason = { code: 'declined', message: 'Declined' };
    if (status.status === 'needs_review') status.reason = { code: 'needs_review', message: 'The shop will check this payment' };
    return status;
  }

  private handle(method: string, url: string, init: RequestInit | undefined): { status: number; body: unknown; told?: StatusResponse } {
    if (method === 'POST' && url === SESSION_URL) {
      const key = new Headers(init?.headers).get('Idempotency-Key') ?? '';
      let id = this.byKey.get(key);
      if (id === undefined) {
        id = `ses_${this.sessions.size + 1}`;
        this.byKey.set(key, id);
        const expiresAtMs = this.timers.now() + this.ttlMs;
        this.sessions.set(id, {
          status: 'pending',
          expiresAtMs,
          response: {
            sessionId: id,
            kind: 'sale',
            handoff: 'paypos',
            referenceNo: `REF-${id}`,
            amount: '149.90',
            currency: 'TRY',
            instalment: 1,
            deeplinkUrl: `paypos://pay?session=${id}`,
            expiresAt: new Date(expiresAtMs).toISOString(),
            statusUrl: `${SESSION_URL}/${id}`,
          },
        });
      }
      return { status: 201, body: this.sessions.get(id)?.response };
    }
    const match = /\/api\/paynet\/sessions\/([^/]+)(\/cancel)?$/.exec(url);
    const session = match?.[1] === undefined ? undefined : this.sessions.get(match[1]);
    if (session === undefined) return { status: 404, body: { error: { code: 'not_found', message: 'Unknown session' } } };
    if (match?.[2] === '/cancel' && method === 'POST') {
      if (this.settle(session) === 'pending') session.status = 'cancelled';
    }
    const status = this.statusOf(session);
    return { status: 200, body: status, told: status };
  }
}

/** The session a request is about ('create' for a new one), from its URL. */
export function sessionKey(url: string): string {
  return /\/api\/paynet\/sessions\/([^/]+)/.exec(url)?.[1] ?? 'create';
}
