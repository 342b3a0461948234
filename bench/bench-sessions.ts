/**
 * What the backend and latency sections share: opening sale sessions on a stack, counting the
 * Paynet calls the simulator received, and summarising a series of timings.
 */
import { randomUUID } from 'node:crypto';
import type { SessionResponse } from '../src/contract.js';
import type { Simulator } from '../simulator/index.js';

export const CHECK_TRANSACTION = '/v1/softpos/check_transaction';
const SALE = JSON.stringify({ amount: '149.90', instalment: 1, currency: 'TRY' });
const CREATE_ATTEMPTS = 4;

/**
 * A pending sale session, opened as the element opens one: POST with an Idempotency-Key, and
 * after a 503 (Paynet or the store busy on a loaded machine) again with the same key, a few times.
 */
export async function createSale(backendUrl: string, basePath = '/api/paynet'): Promise<SessionResponse> {
  const key = randomUUID();
  for (let attempt = 1; ; attempt++) {
    const created = await fetch(`${backendUrl}${basePath}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: SALE,
    });
    if (created.status === 201) return (await created.json()) as SessionResponse;
    const text = await created.text();
    if (created.status !== 503 || attempt >= CREATE_ATTEMPTS) throw new Error(`could not create a session: HTTP ${created.status} ${text}`);
    await sleep(500 * attempt);
  }
}

/** `count` sessions, `concurrency` requests at a time. */
export async function createSales(backendUrl: string, count: number, concurrency = 20): Promise<SessionResponse[]> {
  const sessions: SessionResponse[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      sessions.push(await createSale(backendUrl));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return sessions;
}

/** A session's status URL as a path on the backend (the answer may carry an absolute URL). */
export function statusPath(session: SessionResponse, backendUrl: string): string {
  const url = new URL(session.statusUrl, `${backendUrl}/api/paynet/sessions`);
  return `${url.pathname}${url.search}`;
}

/** The simulator's id of the payment session behind a backend session, by its reference number. */
export function paymentSessionIdOf(sim: Simulator, referenceNo: string): string | undefined {
  for (const session of sim.state.sessions.values()) if (session.referenceNo === referenceNo) return session.id;
  return undefined;
}

/**
 * check_transaction calls the simulator received in [fromMs, toMs), for the given payment
 * sessions (all when omitted). The simulator keeps its most recent 10,000 calls: a window whose
 * start fell out of the log is an error rather than an undercount.
 */
export function checkCalls(sim: Simulator, fromMs: number, toMs: number, paymentSessionIds?: ReadonlySet<string>): number {
  const calls = sim.state.calls;
  const oldest = calls[0] === undefined ? Infinity : Date.parse(calls[0].at);
  if (calls.length >= 10_000 && oldest > fromMs) throw new Error('the simulator call log no longer reaches back to the start of the run');
  let n = 0;
  for (const call of calls) {
    if (call.path !== CHECK_TRANSACTION) continue;
    const at = Date.parse(call.at);
    if (at < fromMs || at >= toMs) continue;
    if (paymentSessionIds && (call.payment_session_id === undefined || !paymentSessionIds.has(call.payment_session_id))) continue;
    n++;
  }
  return n;
}

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  max: number;
}

/** Nearest-rank percentiles (p95 of 50 values is the 48th smallest): no interpolation. */
export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  return {
    n: sorted.length,
    mean: sorted.length === 0 ? NaN : sorted.reduce((a, b) => a + b, 0) / sorted.length,
    p50: rank(50),
    p95: rank(95),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A positive number from `--name=value`, else the fallback. */
export function numberFlag(flags: Readonly<Record<string, string | boolean | undefined>>, name: string, fallback: number): number {
  const raw = flags[name];
  if (typeof raw !== 'string') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}
