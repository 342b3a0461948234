/**
 * Bad days that are not Paynet's: the store frozen or gone (every answer still within the
 * budget, a clear 503, recovery by itself) and the kit's process killed mid-call (the next
 * process on the same store finishes the story: nothing lost, nothing charged twice, no key
 * refused for a day).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { SessionResponse, StatusResponse } from '../../src/contract.js';
import { RedisSessionStore } from '../../server/store/redis-store.js';
import { startSimulator } from '../../simulator/index.js';
import { startPostgres, startRedis } from '../support/services.js';
import { TIMING, startStack } from './scenario.js';

export interface OutageResult {
  name: string;
  ok: boolean;
  slowestMs: number;
  detail: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function timed(url: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
  const started = performance.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, ms: performance.now() - started };
  } catch {
    return { status: 0, body: {}, ms: performance.now() - started };
  }
}

const json = (body: unknown, key?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
  body: JSON.stringify(body),
});

/**
 * Redis frozen (SIGSTOP), then thawed; then Redis killed and a new one started: each browser-facing
 * request answers within the budget (503 store_unavailable while it is out), and the kit
 * records a payment made during the outage once Redis is back.
 */
export async function redisOutage(): Promise<OutageResult[]> {
  const results: OutageResult[] = [];
  const server = await startRedis();
  const redis = new Redis({ host: '127.0.0.1', port: server.port, maxRetriesPerRequest: 1, enableOfflineQueue: true });
  // Connection errors are the point of this check; the store answers them as store_unavailable.
  redis.on('error', () => undefined);
  const stack = await startStack(new RedisSessionStore({ redis, keyPrefix: 'outage:', durabilityCheck: false }), undefined);
  let restarted: Awaited<ReturnType<typeof startRedis>> | undefined;
  try {
    const created = await timed(`${stack.url}/api/paynet/sessions`, json({ amount: '25.00', instalment: 1, currency: 'TRY' }, crypto.randomUUID()));
    const session = created.body as unknown as SessionResponse;
    if (created.status !== 201) throw new Error(`outage setup: ${created.status}`);

    for (const [name, stop, start] of [
      ['Redis frozen (SIGSTOP)', () => server.process.kill('SIGSTOP'), () => server.process.kill('SIGCONT')],
    ] as const) {
      stop();
      const during = await Promise.all([
        timed(`${stack.url}${session.statusUrl}`),
        timed(`${stack.url}/api/paynet/sessions`, json({ amount: '25.00', instalment: 1, currency: 'TRY' }, crypto.randomUUID())),
        timed(`${stack.url}/api/paynet/webhook`, json({ payment_session_id: 'nope' })),
        timed(`${stack.url}${session.statusUrl}/cancel`, json({})),
      ]);
      // The phone pays while the store is out.
      const simSession = [...stack.sim.state.sessions.values()].find((s) => s.referenceNo === session.referenceNo)!;
      await fetch(`${stack.sim.url}/_sim/sessions/${simSession.id}/approve`, json({ card: 'visa' }));
      start();
      const recovered = await untilStatus(`${stack.url}${session.statusUrl}`, 'succeeded', 20_000);
      const slowest = Math.max(...during.map((d) => d.ms));
      const codes = during.map((d) => `${d.status}${d.body.error ? `:${(d.body.error as { code: string }).code}` : ''}`).join(' ');
      results.push({
        name,
        ok: slowest <= TIMING.slowMs && during.every((d) => d.status === 503 || (d.status >= 200 && d.status < 500)) && recovered.ok,
        slowestMs: slowest,
        detail: `during: ${codes}; after: ${recovered.detail}`,
      });
    }

    // Redis gone (killed), then a new one on the same port: fast 503s, then service again by itself.
    server.process.kill('SIGKILL');
    await new Promise((resolve) => server.process.once('exit', resolve));
    const down = await Promise.all([
      timed(`${stack.url}${session.statusUrl}`),
      timed(`${stack.url}/api/paynet/sessions`, json({ amount: '25.00', instalment: 1, currency: 'TRY' }, crypto.randomUUID())),
    ]);
    restarted = await startRedis([], server.port);
    const again = await untilCreated(stack.url, 20_000);
    const slowest = Math.max(...down.map((d) => d.ms));
    results.push({
      name: 'Redis killed, then restarted',
      ok: slowest <= TIMING.slowMs && down.every((d) => d.status === 503) && again.ok,
      slowestMs: slowest,
      detail: `during: ${down.map((d) => d.status).join(' ')}; after: ${again.detail}`,
    });
  } finally {
    await stack.close();
    redis.disconnect();
    await server.stop();
    await restarted?.stop();
  }
  return results;
}

async function untilCreated(url: string, withinMs: number): Promise<{ ok: boolean; detail: string }> {
  const giveUpAt = Date.now() + withinMs;
  for (;;) {
    const answer = await timed(`${url}/api/paynet/sessions`, json({ amount: '25.00', instalment: 1, currency: 'TRY' }, crypto.randomUUID()));
    if (answer.status === 201) return { ok: true, detail: 'new sessions created again' };
    if (Date.now() > giveUpAt) return { ok: false, detail: `still ${answer.status}` };
    await sleep(200);
  }
}

async function untilStatus(url: string, wanted: string, withinMs: number): Promise<{ ok: boolean; detail: string }> {
  const giveUpAt = Date.now() + withinMs;
  let last = '';
  for (;;) {
    const answer = await timed(url);
    last = `${answer.status} ${String((answer.body as Partial<StatusResponse>).status ?? (answer.body.error as { code?: string } | undefined)?.code)}`;
    if (answer.status === 200 && (answer.body as Partial<StatusResponse>).status === wanted) return { ok: true, detail: `${wanted} again` };
    if (Date.now() > giveUpAt) return { ok: false, detail: `still ${last}` };
    await sleep(200);
  }
}

interface KitProcess {
  url: string;
  child: ChildProcess;
  kill(): Promise<void>;
}

async function startKit(env: Record<string, string>): Promise<KitProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./backend-process.ts', import.meta.url).pathname], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`kit process exited with ${code}: ${output.slice(-800)}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * The kit's process is killed (SIGKILL) while Paynet holds a card payment it already charged,
 * and while a PayPOS sale is pending; a new process on the same store must: answer the card
 * retry (same Idempotency-Key) `succeeded` without a second charge, record the PayPOS payment
 * the phone made while no process ran (no shopper polling), and free an Idempotency-Key that
 * a killed process had claimed before it stored anything.
 */
export async function processKill(storeName: 'pglite' | 'postgres' | 'redis'): Promise<OutageResult[]> {
  const secret = 'sck_sim_kill';
  const sim = await startSimulator({ port: 0, secretKey: secret, paymentSessionTtlMs: 60_000 });
  let cleanup: () => Promise<void> | void = () => undefined;
  let storeAt: string;
  if (storeName === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'paynet-kill-'));
    storeAt = dir;
    cleanup = () => rmSync(dir, { recursive: true, force: true });
  } else if (storeName === 'postgres') {
    const cluster = await startPostgres();
    storeAt = cluster.connectionString;
    cleanup = () => cluster.stop();
  } else {
    const server = await startRedis(['--appendonly', 'yes']);
    storeAt = String(server.port);
    cleanup = () => server.stop();
  }
  const env = { SIM_URL: sim.url, SIM_SECRET: secret, STORE: storeName, STORE_AT: storeAt };
  const results: OutageResult[] = [];
  let kit = await startKit(env);
  try {
    // 1. A card payment: Paynet charges, then hangs; the kit is killed while it waits.
    await fetch(`${sim.url}/_sim/faults`, json({ path: '/v2/transaction/payment', hang: 1, afterWork: true }));
    const key = crypto.randomUUID();
    const card = { amount: '25.00', instalment: 1, currency: 'TRY', card: { holder: 'AYSE YILMAZ', number: '4355084355084358', month: 12, year: new Date().getFullYear() + 2, cvc: '000' } };
    const inFlight = timed(`${kit.url}/api/paynet/payments`, json(card, key));
    const charged = () => [...sim.state.cardPayments.values()].flat().filter((p) => p.isSucceed).length;
    for (const giveUp = Date.now() + 10_000; charged() === 0 && Date.now() < giveUp; ) await sleep(20);

    // 2. A PayPOS sale left pending.
    const created = await timed(`${kit.url}/api/paynet/sessions`, json({ amount: '30.00', instalment: 1, currency: 'TRY' }, crypto.randomUUID()));
    const sale = created.body as unknown as SessionResponse;

    // 3. A sale whose init_sale never answers: the key is claimed, nothing stored yet.
    await fetch(`${sim.url}/_sim/faults`, json({ path: '/v1/softpos/init_sale_transaction', hang: 1 }));
    const orphanKey = crypto.randomUUID();
    void timed(`${kit.url}/api/paynet/sessions`, json({ amount: '40.00', instalment: 1, currency: 'TRY' }, orphanKey));
    for (const giveUp = Date.now() + 10_000; !sim.state.calls.some((c) => c.path === '/v1/softpos/init_sale_transaction' && c.reference_no !== sale.referenceNo) && Date.now() < giveUp; ) await sleep(20);

    await kit.kill();
    await inFlight;
    await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' });
    // The phone pays while no process of the kit runs.
    const simSale = [...sim.state.sessions.values()].find((s) => s.referenceNo === sale.referenceNo)!;
    await fetch(`${sim.url}/_sim/sessions/${simSale.id}/approve`, json({ card: 'visa' }));

    kit = await startKit(env);
    const retried = await retryUntilFinal(`${kit.url}/api/paynet/payments`, card, key, 20_000);
    results.push({
      name: `${storeName}: kill during a charged card payment`,
      ok: retried.status === 'succeeded' && charged() === 1,
      slowestMs: retried.slowestMs,
      detail: `retry answered ${retried.status}; Paynet charges ${charged()}`,
    });

    // No browser polls the sale: the reconciler must find the phone's payment by itself.
    const recorded = await untilRecorded(kit.url, sale.sessionId, 20_000);
    results.push({ name: `${storeName}: payment made while the kit was down`, ok: recorded === 'succeeded', slowestMs: 0, detail: `record ${recorded}` });

    const orphanStarted = Date.now();
    const orphan = await retryUntilFinal(`${kit.url}/api/paynet/sessions`, { amount: '40.00', instalment: 1, currency: 'TRY' }, orphanKey, 20_000);
    results.push({
      name: `${storeName}: key claimed by a killed process`,
      ok: orphan.httpStatus === 201,
      slowestMs: orphan.slowestMs,
      detail: `answered ${orphan.httpStatus} after ${Date.now() - orphanStarted} ms`,
    });
  } finally {
    await kit.kill();
    await sim.close();
    await cleanup();
  }
  return results;
}

async function retryUntilFinal(url: string, body: unknown, key: string, withinMs: number): Promise<{ status: string; httpStatus: number; slowestMs: number }> {
  const giveUpAt = Date.now() + withinMs;
  let slowestMs = 0;
  for (;;) {
    const answer = await timed(url, json(body, key));
    slowestMs = Math.max(slowestMs, answer.ms);
    const again = answer.status === 0 || answer.status >= 500 || answer.status === 409;
    if (!again || Date.now() > giveUpAt) return { status: String((answer.body as Partial<StatusResponse>).status ?? answer.status), httpStatus: answer.status, slowestMs };
    await sleep(300);
  }
}

/**
 * Waits until the kit lists the sale among its paid sales. The back-office route reads the
 * store and asks Paynet nothing, so only the reconciler can have put it there.
 */
async function untilRecorded(kitUrl: string, sessionId: string, withinMs: number): Promise<string> {
  const giveUpAt = Date.now() + withinMs;
  for (;;) {
    const answer = await timed(`${kitUrl}/api/paynet/transactions`);
    const listed = (answer.body.transactions as Array<{ sessionId: string }> | undefined) ?? [];
    if (listed.some((t) => t.sessionId === sessionId)) return 'succeeded';
    if (Date.now() > giveUpAt) return `not among paid sales (HTTP ${answer.status})`;
    await sleep(300);
  }
}
