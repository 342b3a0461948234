/**
 * One campaign scenario: a fresh Paynet simulator, the kit served over real HTTP on the
 * chosen store, one fault or reading of Paynet, and one purchase driven as a browser would
 * (create with an Idempotency-Key and retry on 5xx, the phone or terminal pays, poll until a
 * final answer — through the late window after a cancel). Then the campaign waits, with no
 * shopper, until the kit settles the record, and compares what Paynet took (the simulator's
 * own books) with what the shop's record says.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SessionResponse, StatusResponse } from '../../src/contract.js';
import { createPaynetCheckoutBackend, type PaynetCheckoutBackend } from '../../server/backend.js';
import { toNodeListener } from '../../server/node.js';
import type { SessionStore, StoredSession } from '../../server/store/session-store.js';
import { startSimulator, type Quirks, type Simulator } from '../../simulator/index.js';

export type Kind = 'paypos' | 'reversal' | 'card' | 'device';
/**
 * `pay`: the shopper waits for the answer; `leave`: the customer pays, the tab is closed at
 * once and Paynet's webhook never comes — only the kit's own reconciler is left to learn the
 * truth; `pay-then-cancel`: the phone pays, then the shopper presses Cancel; `no-pay`: nobody
 * pays (or the bank declines the card).
 */
export type Action = 'pay' | 'leave' | 'pay-then-cancel' | 'no-pay';

/** A fault on one Paynet endpoint (simulator fault rule), or a reading of Paynet's pages (quirks). */
export interface FaultSpec {
  name: string;
  rule?: Record<string, unknown>;
  quirks?: Partial<Quirks>;
}

export interface ScenarioSpec {
  kind: Kind;
  /** The Paynet endpoint the fault targets (prefix). */
  target: string;
  fault: FaultSpec;
  action: Action;
}

export interface ScenarioResult {
  spec: ScenarioSpec;
  /** Successful charges Paynet holds for this purchase (the simulator's books). */
  charges: number;
  /** The shop's record at the end. */
  recordStatus: StoredSession['status'] | 'missing';
  /** The last status the "browser" was answered. */
  browserStatus: string;
  slowestMs: number;
  requests: number;
  badInput5xx: number;
  /** Anything unexpected the driver saw (kept for the report). */
  notes: string[];
}

/** Short windows so a scenario ends in seconds; the rules are the same as in production. */
export const TIMING = {
  sessionTtlMs: 4_000,
  latePaymentWindowMs: 2_000,
  reviewGraceMs: 3_000,
  statusMinIntervalMs: 250,
  paynetTimeoutMs: 1_000,
  /** The campaign's budget for a browser-facing answer. */
  slowMs: 3_000,
} as const;

const SIM_SECRET = 'sck_sim_campaign';
const CARD = { holder: 'AYSE YILMAZ', number: '4355084355084358', month: 12, year: new Date().getFullYear() + 2, cvc: '000' };
/** The simulator's card that the bank declines: the card kind's "nobody pays". */
const DECLINED_CARD = { ...CARD, number: '4000000000000002' };

export interface Stack {
  sim: Simulator;
  backend: PaynetCheckoutBackend;
  url: string;
  close(): Promise<void>;
}

export async function startStack(store: SessionStore, quirks: Partial<Quirks> | undefined): Promise<Stack> {
  const sim = await startSimulator({
    port: 0,
    secretKey: SIM_SECRET,
    paymentSessionTtlMs: TIMING.sessionTtlMs,
    deviceSaleTimeoutMs: TIMING.sessionTtlMs,
    ...(quirks ? { quirks } : {}),
  });
  const backend = createPaynetCheckoutBackend({
    paynet: {
      baseUrl: sim.url,
      secretKey: SIM_SECRET,
      agentId: 'sim-agent',
      userId: 'sim-user',
      deviceAccessToken: 'dat_sim_demo',
      domain: 'campaign.example',
      timeoutMs: TIMING.paynetTimeoutMs,
      readRetryDelaysMs: [50, 100],
      paymentRetryDelaysMs: [50, 100, 200],
      deviceSaleTimeoutMs: TIMING.sessionTtlMs + 2_000,
    },
    store,
    sessionTtlMs: TIMING.sessionTtlMs,
    latePaymentWindowMs: TIMING.latePaymentWindowMs,
    reviewGraceMs: TIMING.reviewGraceMs,
    statusMinIntervalMs: TIMING.statusMinIntervalMs,
    cardCheckAfterMs: 1_000,
    answerWithinMs: 1_500,
    reconcile: process.env.CAMPAIGN_RECONCILE === 'off' ? false : { intervalMs: 250, minIntervalMs: 500 },
    rateLimit: false,
    webhookRateLimit: false,
    devices: [{ deviceId: 'P00134', label: 'Kasa 1' }],
    exposeTransactions: true,
    onError: () => undefined,
    onNeedsReview: () => undefined,
  });
  const server: Server = createServer(toNodeListener(backend.handle));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sim.setWebhookUrl(`${url}/api/paynet/webhook`);
  return {
    sim,
    backend,
    url,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
      await sim.close();
    },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The browser side: every request timed, 5xx and network errors retried as the element does. */
class Browser {
  slowestMs = 0;
  requests = 0;
  constructor(private readonly base: string) {}

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
    const started = performance.now();
    this.requests++;
    try {
      const response = await fetch(`${this.base}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    } catch {
      return { status: 0, json: {} };
    } finally {
      this.slowestMs = Math.max(this.slowestMs, performance.now() - started);
    }
  }

  /** Retries while the answer says "try again" (5xx, 409 in progress, network). */
  async retrying(method: string, path: string, body: unknown, headers: Record<string, string>, untilMs: number): Promise<{ status: number; json: Record<string, unknown> }> {
    for (;;) {
      const answer = await this.call(method, path, body, headers);
      const again = answer.status === 0 || answer.status >= 500 || (answer.status === 409 && (answer.json.error as { code?: string } | undefined)?.code === 'idempotency_in_progress');
      if (!again || Date.now() > untilMs) return answer;
      await sleep(300);
    }
  }
}

export async function runScenario(spec: ScenarioSpec, store: SessionStore): Promise<ScenarioResult> {
  const stack = await startStack(store, spec.fault.quirks);
  if (spec.action === 'leave') stack.sim.setWebhookUrl(undefined);
  const notes: string[] = [];
  const browser = new Browser(stack.url);
  try {
    let saleSessionId: string | undefined;
    if (spec.kind === 'reversal') saleSessionId = await paidSale(stack, browser, notes);
    if (spec.fault.rule) await simControl(stack, 'POST', '/_sim/faults', { path: spec.target, ...spec.fault.rule });
    const started = Date.now();
    const giveUpAt = started + TIMING.sessionTtlMs + TIMING.latePaymentWindowMs + TIMING.reviewGraceMs + 15_000;

    const badInput5xx = await sendBadInput(browser);
    let sessionId: string | undefined;
    let browserStatus = 'none';
    const key = crypto.randomUUID();

    if (spec.kind === 'card') {
      const body = { amount: '25.00', instalment: 1, currency: 'TRY', card: spec.action === 'no-pay' ? DECLINED_CARD : CARD };
      // Leaving: one attempt, no retry after a lost answer.
      const answer = await browser.retrying('POST', '/api/paynet/payments', body, { 'idempotency-key': key }, spec.action === 'leave' ? 0 : giveUpAt);
      browserStatus = String((answer.json as Partial<StatusResponse>).status ?? `http_${answer.status}`);
      sessionId = (answer.json as Partial<StatusResponse>).sessionId ?? (await latestSession(stack.backend.store))?.id;
    } else {
      const path = spec.kind === 'reversal' ? '/api/paynet/reversals' : '/api/paynet/sessions';
      const body =
        spec.kind === 'reversal'
          ? { saleSessionId }
          : { amount: '25.00', instalment: 1, currency: 'TRY', ...(spec.kind === 'device' ? { handoff: 'device', deviceId: 'P00134' } : {}) };
      const created = await browser.retrying('POST', path, body, { 'idempotency-key': key }, giveUpAt);
      if (created.status !== 201) {
        browserStatus = `create_http_${created.status}`;
        notes.push(`create answered ${created.status} ${JSON.stringify(created.json).slice(0, 120)}`);
      } else {
        const session = created.json as unknown as SessionResponse;
        sessionId = session.sessionId;
        if (spec.action !== 'no-pay') await customerPays(stack, spec.kind, session.referenceNo, notes);
        browserStatus = spec.action === 'leave' ? 'left' : await pollToTheEnd(browser, session, spec.action === 'pay-then-cancel', giveUpAt, notes);
      }
    }

    // No shopper any more: the kit's reconciler alone must bring the record to the truth.
    const record = sessionId ? await settledRecord(stack.backend.store, sessionId, giveUpAt) : undefined;
    return {
      spec,
      charges: chargesTaken(stack.sim, spec.kind),
      recordStatus: record?.status ?? 'missing',
      browserStatus,
      slowestMs: browser.slowestMs,
      requests: browser.requests,
      badInput5xx,
      notes,
    };
  } finally {
    await stack.close();
  }
}

async function simControl(stack: Stack, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${stack.sim.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`simulator ${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** The phone (PayPOS) or the terminal takes the card for the session Paynet holds under `referenceNo`. */
async function customerPays(stack: Stack, kind: Kind, referenceNo: string, notes: string[]): Promise<void> {
  const until = Date.now() + 5_000;
  for (;;) {
    if (kind === 'device') {
      const held = stack.sim.state.deviceTransactions.get(referenceNo);
      if (held) {
        await simControl(stack, 'POST', `/_sim/device-transactions/${encodeURIComponent(referenceNo)}/approve`, {}).catch((e: unknown) => notes.push(`terminal: ${String(e)}`));
        return;
      }
    } else {
      const session = [...stack.sim.state.sessions.values()].find((s) => s.referenceNo === referenceNo);
      if (session) {
        await simControl(stack, 'POST', `/_sim/sessions/${encodeURIComponent(session.id)}/approve`, { card: 'visa' }).catch((e: unknown) => notes.push(`phone: ${String(e)}`));
        return;
      }
    }
    if (Date.now() > until) {
      notes.push('the customer found nothing to pay');
      return;
    }
    await sleep(50);
  }
}

/** Polls like the element: until final; after a cancel or expiry, on through the late window. */
async function pollToTheEnd(browser: Browser, session: SessionResponse, cancel: boolean, giveUpAt: number, notes: string[]): Promise<string> {
  const windowEnd = Date.parse(session.expiresAt) + TIMING.latePaymentWindowMs;
  let last = 'pending';
  if (cancel) {
    await sleep(300);
    const answer = await browser.retrying('POST', `${session.statusUrl}/cancel`, {}, {}, giveUpAt);
    last = String((answer.json as Partial<StatusResponse>).status ?? `http_${answer.status}`);
    if (answer.status !== 200) notes.push(`cancel answered ${answer.status}`);
  }
  for (;;) {
    if (last === 'succeeded' || last === 'needs_review' || last === 'failed') return last;
    if ((last === 'cancelled' || last === 'expired') && Date.now() > windowEnd + 500) return last;
    if (Date.now() > giveUpAt) {
      notes.push(`browser gave up at ${last}`);
      return last;
    }
    await sleep(TIMING.statusMinIntervalMs);
    const answer = await browser.call('GET', session.statusUrl);
    if (answer.status === 200) last = String((answer.json as Partial<StatusResponse>).status);
  }
}

/** Waits until the record is settled (or the scenario's time is up) and returns it. */
async function settledRecord(store: SessionStore, sessionId: string, giveUpAt: number): Promise<StoredSession | undefined> {
  for (;;) {
    const record = await store.get(sessionId).catch(() => undefined);
    if (record && (record.settled || record.status === 'succeeded' || record.status === 'needs_review')) return record;
    if (Date.now() > giveUpAt) return record;
    await sleep(100);
  }
}

async function latestSession(store: SessionStore): Promise<StoredSession | undefined> {
  const unsettled = await store.listUnsettled(10).catch(() => []);
  const paid = await store.listSucceededSales(10).catch(() => []);
  return [...unsettled, ...paid].filter((s) => s.channel === 'card').sort((a, b) => b.createdAt - a.createdAt)[0];
}

/** Successful charges in the simulator's books, for the purchase under test. */
function chargesTaken(sim: Simulator, kind: Kind): number {
  const { state } = sim;
  switch (kind) {
    case 'card':
      return [...state.cardPayments.values()].flat().filter((p) => p.isSucceed).length;
    case 'device':
      return [...state.deviceTransactions.values()].filter((t) => t.status === 'approved').length;
    case 'paypos':
      return [...state.transactions.values()].filter((t) => t.isSucceed && t.transactionType === 'sale').length;
    case 'reversal':
      return [...state.transactions.values()].filter((t) => t.isSucceed && t.transactionType !== 'sale').length;
  }
}

/** A paid sale to reverse, made before any fault is set. */
async function paidSale(stack: Stack, browser: Browser, notes: string[]): Promise<string> {
  const created = await browser.call('POST', '/api/paynet/sessions', { amount: '25.00', instalment: 1, currency: 'TRY' }, { 'idempotency-key': crypto.randomUUID() });
  if (created.status !== 201) throw new Error(`setup sale: ${created.status}`);
  const session = created.json as unknown as SessionResponse;
  await customerPays(stack, 'paypos', session.referenceNo, notes);
  const status = await pollToTheEnd(browser, session, false, Date.now() + 10_000, notes);
  if (status !== 'succeeded') throw new Error(`setup sale ended ${status}`);
  browser.slowestMs = 0;
  browser.requests = 0;
  return session.sessionId;
}

/** Malformed requests sent while the fault stands: each must be a 4xx, never a 5xx. */
async function sendBadInput(browser: Browser): Promise<number> {
  const answers = await Promise.all([
    browser.call('POST', '/api/paynet/sessions', { amount: 'abc', instalment: 1, currency: 'TRY' }, { 'idempotency-key': crypto.randomUUID() }),
    browser.call('POST', '/api/paynet/sessions', { amount: '1e21', instalment: 1, currency: 'TRY' }),
    browser.call('POST', '/api/paynet/webhook', { payment_session_id: 42 }),
    browser.call('GET', '/api/paynet/sessions/%E0%A4%A'),
  ]);
  return answers.filter((a) => a.status >= 500).length;
}
