/**
 * Backend throughput under autocannon. The load generator shares this process (and its event
 * loop) with the backend and the simulator, so the figures are a floor, not a ceiling: a
 * separate client machine would see more.
 */
import { randomUUID } from 'node:crypto';
import autocannon, { type Options, type Result } from 'autocannon';
import type { SessionResponse } from '../src/contract.js';
import { DEFAULT_STATUS_MIN_INTERVAL_MS } from '../server/index.js';
import { SIM_AGENT_ID, SIM_SECRET_KEY, SIM_USER_ID, startStack, type Stack } from './http-stack.js';
import type { Section } from './sections.js';
import type { Table } from './table.js';

const CHECK_TRANSACTION = '/v1/softpos/check_transaction';
const SALE = JSON.stringify({ amount: '149.90', instalment: 1, currency: 'TRY' });
const JSON_HEADERS = { 'content-type': 'application/json' };

export interface HttpFigures {
  name: string;
  connections: number;
  seconds: number;
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

export interface StatusFigures extends HttpFigures {
  /** check_transaction calls that reached the simulator while the status route was loaded. */
  paynetCalls: number;
  minIntervalMs: number;
}

export interface HttpReport {
  status: StatusFigures;
  create: HttpFigures;
  simulator: HttpFigures;
  /** Unexpected errors the backend reported during the runs. */
  backendErrors: string[];
}

export interface HttpOptions {
  connections: number;
  seconds: number;
  simulatorSeconds: number;
}

export const httpSection: Section = {
  name: 'http',
  title: 'backend HTTP throughput under autocannon: status polls, session creation, the simulator',
  async run({ connections, seconds }) {
    const report = await measureHttp({ connections, seconds, simulatorSeconds: Math.min(seconds, 3) });
    return { tables: [httpTable(report)], figures: report };
  },
};

export async function measureHttp({ connections, seconds, simulatorSeconds }: HttpOptions): Promise<HttpReport> {
  const stack = await startStack();
  try {
    const status = await loadStatus(stack, connections, seconds);
    const create = await loadCreate(stack, connections, seconds);
    const simulator = await loadSimulator(stack, connections, simulatorSeconds);
    return { status, create, simulator, backendErrors: stack.errors.map((e) => `${e.context}: ${e.message}`) };
  } finally {
    await stack.close();
  }
}

/** (a) Many tabs polling one pending session: Paynet must see a bounded number of checks. */
async function loadStatus(stack: Stack, connections: number, seconds: number): Promise<StatusFigures> {
  const created = await fetch(`${stack.url}/api/paynet/sessions`, {
    method: 'POST',
    headers: { ...JSON_HEADERS, 'idempotency-key': randomUUID() },
    body: SALE,
  });
  if (created.status !== 201) throw new Error(`could not create the session to poll: HTTP ${created.status} ${await created.text()}`);
  const session = (await created.json()) as SessionResponse;
  const statusUrl = new URL(session.statusUrl, `${stack.url}/api/paynet/sessions`).href;

  const checksBefore = countCalls(stack, CHECK_TRANSACTION);
  const result = await run({ url: statusUrl, connections, duration: seconds });
  const paynetCalls = countCalls(stack, CHECK_TRANSACTION) - checksBefore;
  return { ...figures('GET /sessions/:id (one pending session)', connections, result), paynetCalls, minIntervalMs: DEFAULT_STATUS_MIN_INTERVAL_MS };
}

/** (b) Session creation: one init_sale_transaction at the simulator per request. */
async function loadCreate(stack: Stack, connections: number, seconds: number): Promise<HttpFigures> {
  const result = await run({
    url: `${stack.url}/api/paynet/sessions`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        body: SALE,
        // A fresh key per request: a repeated key is answered from the idempotency record.
        setupRequest: (request) => ({ ...request, headers: { ...JSON_HEADERS, 'idempotency-key': randomUUID() } }),
      },
    ],
  });
  return figures('POST /sessions (new Idempotency-Key each)', connections, result);
}

/** (c) The simulator's check_transaction alone: the ceiling the backend's refreshes sit under. */
async function loadSimulator(stack: Stack, connections: number, seconds: number): Promise<HttpFigures> {
  const auth = await fetch(`${stack.sim.url}/v1/agent/get_auth_key`, {
    method: 'POST',
    headers: { ...JSON_HEADERS, authorization: `Basic ${SIM_SECRET_KEY}`, paynetmobile: '2' },
    body: JSON.stringify({ agent_id: SIM_AGENT_ID, user_id: SIM_USER_ID }),
  });
  const { session_key: sessionKey } = (await auth.json()) as { session_key?: unknown };
  if (typeof sessionKey !== 'string') throw new Error(`simulator gave no session_key: HTTP ${auth.status}`);
  const [paymentSessionId] = stack.sim.state.sessions.keys();
  if (paymentSessionId === undefined) throw new Error('the simulator holds no payment session to check');
  const result = await run({
    url: `${stack.sim.url}${CHECK_TRANSACTION}`,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { ...JSON_HEADERS, 'session-key': sessionKey },
    body: JSON.stringify({ payment_session_id: paymentSessionId }),
  });
  return figures('simulator POST check_transaction', connections, result);
}

async function run(options: Options): Promise<Result> {
  return autocannon({ timeout: 10, ...options });
}

function countCalls(stack: Stack, path: string): number {
  let n = 0;
  for (const call of stack.sim.state.calls) if (call.path === path) n++;
  return n;
}

function figures(name: string, connections: number, result: Result): HttpFigures {
  return {
    name,
    connections,
    seconds: result.duration,
    requests: result.requests.total,
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function httpTable(http: HttpReport): Table {
  const row = (f: HttpFigures): Array<string | number> => [f.name, f.connections, f.requests, Math.round(f.reqPerSec), f.p50Ms, f.p99Ms, f.non2xx + f.errors];
  const { status } = http;
  // Refreshes start on the first poll, then at most one per interval.
  const bound = Math.floor((status.seconds * 1_000) / status.minIntervalMs) + 1;
  const notes = [
    `Paynet check_transaction calls during the status run: ${status.paynetCalls} for ${status.requests.toLocaleString('en-US')} polls ` +
      `(bound for ${status.seconds.toFixed(1)} s at one per ${status.minIntervalMs} ms: ${bound}).`,
    'Client, backend and simulator share one process and event loop: the figures are a floor.',
  ];
  if (http.backendErrors.length > 0) notes.push(`Backend reported ${http.backendErrors.length} errors, first: ${http.backendErrors[0]}`);
  return {
    title: 'Backend HTTP throughput (autocannon, loopback)',
    columns: ['route', 'conns', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'not 2xx'],
    rows: [row(status), row(http.create), row(http.simulator)],
    notes,
  };
}
