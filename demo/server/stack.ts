/**
 * The whole demo on one port: the page, the reference merchant backend built from the kit,
 * and (without Paynet credentials) the Paynet simulator behind it, whose "phone" control API
 * the page reaches through `/_sim/`. `npm start` and the end-to-end tests both start this.
 *
 * It answers only for its own names (own-origin.ts): 127.0.0.1, localhost and [::1] at its
 * port, the address it was bound to, and PUBLIC_BASE_URL's host; any other Host gets 421, so
 * a page that rebinds its own name to this machine reaches neither the back office nor the
 * phone control. The phone control also refuses other sites' pages; CSP reports are logged
 * one escaped line each, throttled (csp-reports.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeviceInfo } from '../../src/contract.js';
import {
  createPaynetCheckoutBackend,
  paynetConfigFromEnv,
  toNodeListener,
  type PaynetCheckoutBackend,
  type PaynetCheckoutBackendOptions,
  type PaynetClientOptions,
} from '../../server/index.js';
import { HttpError } from '../../server/handlers/http-response.js';
import { createHostPolicy, hostRejection, isLoopbackHost, type HostPolicy } from '../../server/host-policy.js';
import { answerRefusedRequests, nodeRequestUrl } from '../../server/node.js';
import { DEFAULT_OPTIONS, startSimulator, type Simulator } from '../../simulator/index.js';
import { buildDemoPage } from './build-page.js';
import { CspReportThrottle, cspReportSummary } from './csp-reports.js';
import { crossSiteRefusal, ownOrigin, type OwnOrigin } from './own-origin.js';
import { CSP_REPORT_PATH, pageSecurityHeaders } from './security-headers.js';
import { openPgliteStore } from '../../server/store/pglite.js';
import { shopBackendOptions, simulatorPaynetOptions } from '../shop/backend-options.js';
import { fastForwardExpiry } from '../shop/expire-now.js';
import { serveStatic } from './static-files.js';

export interface DemoStackOptions {
  /** 0 = any free port. */
  port?: number;
  host?: string;
  /** Real mode: talk to Paynet with these settings instead of starting the simulator. */
  paynet?: PaynetClientOptions;
  /** Terminals offered by the device picker in real mode (the simulator brings its own). */
  devices?: readonly DeviceInfo[];
  /** A page already built (tests build once); default: build now. */
  pageDir?: string;
  /** PayPOS session lifetime in the simulator. */
  paymentSessionTtlMs?: number;
  /**
   * The URL a browser reaches the demo at when it is not this machine's loopback (a LAN
   * address for HOST=0.0.0.0, a tunnel): its host is then answered too. Env PUBLIC_BASE_URL.
   */
  publicBaseUrl?: string;
  /**
   * Keep the shop's records (sessions, paid sales, sessions needing review) in PGlite, a
   * PostgreSQL in this directory, so a restart loses nothing. Env DEMO_DATA_DIR; `npm start`
   * uses `.demo-data`. Without it (tests), an in-memory store.
   */
  dataDir?: string;
  /** The kit's long-poll hold (seconds); default the kit's (25, on). 0 turns long-poll off (a bench's plain-polling run). */
  statusWaitSeconds?: number;
  /** The kit's hook: when the backend learned a session's new status (a bench's result latency). */
  onStatusChange?: PaynetCheckoutBackendOptions['onStatusChange'];
  log?: (line: string) => void;
}

export interface DemoStack {
  readonly url: string;
  /** Undefined in real mode. */
  readonly simulator: Simulator | undefined;
  readonly backend: PaynetCheckoutBackend;
  /** CSP violation reports the browser sent since start (the tests require none). */
  readonly cspReports: readonly unknown[];
  close(): Promise<void>;
}

const MAX_CSP_REPORTS = 100;
const MAX_REPORT_BYTES = 16_384;
/** What the phone control is asked with; the rest gets 405. */
const SIM_METHODS = ['GET', 'HEAD', 'POST', 'DELETE'];

export async function startDemoStack(options: DemoStackOptions = {}): Promise<DemoStack> {
  const log = options.log ?? (() => {});
  const pageDir = options.pageDir ?? (await buildDemoPage());
  const simulator = options.paynet
    ? undefined
    : await startSimulator({ port: 0, host: '127.0.0.1', ...(options.paymentSessionTtlMs ? { paymentSessionTtlMs: options.paymentSessionTtlMs } : {}) });
  const paynet: PaynetClientOptions = options.paynet ?? simulatorPaynetOptions(simulator!.url);

  const cspReports: unknown[] = [];
  const cspThrottle = new CspReportThrottle();
  let backend: PaynetCheckoutBackend | undefined;
  let api: ReturnType<typeof toNodeListener> | undefined;
  // Known once the port is: until then nothing is answered.
  let own: OwnOrigin | undefined;
  let hostPolicy: HostPolicy | undefined;

  // Without Host, HTTP/1.1 gets the JSON 400 of nodeRequestUrl rather than node's bare one;
  // CONNECT and methods node does not know get a 405 (answerRefusedRequests).
  const server: Server = answerRefusedRequests(
    createServer({ requireHostHeader: false }, (request, response) => {
      void route(request, response).catch((error: unknown) => {
        log(`demo: ${error instanceof Error ? error.message : String(error)}`);
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        response.end('demo server error');
      });
    }),
  );

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    if (method === 'TRACE') return sendError(response, new HttpError(405, 'method_not_allowed', 'TRACE is not served here.', { allow: 'GET, HEAD, POST' }));
    const url = nodeRequestUrl(request);
    if (url instanceof HttpError) return sendError(response, url);
    if (!own || !hostPolicy) return sendJson(response, 503, { error: { code: 'starting', message: 'The demo is still starting.' } });
    // Before anything else, the back office and the phone control included: a rebound name is refused.
    const wrongHost = hostRejection({ url: url.href }, hostPolicy);
    if (wrongHost) return sendError(response, wrongHost);
    if (url.pathname.startsWith('/api/paynet/')) return api ? api(request, response) : sendJson(response, 503, { error: { code: 'starting', message: 'The demo is still starting.' } });
    if (url.pathname.startsWith('/_sim/') && simulator) {
      if (!SIM_METHODS.includes(method)) return sendError(response, new HttpError(405, 'method_not_allowed', `Use ${SIM_METHODS.join(', ')}.`, { allow: SIM_METHODS.join(', ') }));
      const crossSite = crossSiteRefusal(request, own);
      if (crossSite) return sendError(response, crossSite);
      const status = await proxyToSimulator(simulator.url, request, response, url);
      if (status === 200 && method === 'POST' && backend) await fastForwardExpiry(backend, url.pathname).catch((error: unknown) => log(`demo: ${String(error)}`));
      return;
    }
    if (url.pathname === CSP_REPORT_PATH && method === 'POST') return collectCspReport(request, response);
    if (url.pathname === '/_demo/config' && method === 'GET') {
      return sendJson(response, 200, { simulator: simulator !== undefined });
    }
    if (await serveStatic(pageDir, url.pathname, response, method)) return;
    response.writeHead(404, { ...pageSecurityHeaders(), 'content-type': 'text/plain; charset=utf-8' });
    response.end('not found');
  }

  async function collectCspReport(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body: string;
    try {
      body = await readBody(request, MAX_REPORT_BYTES);
    } catch {
      return sendJson(response, 413, { error: { code: 'payload_too_large', message: 'The report is too large.' } });
    }
    // Over the limit the report is answered all the same (a browser does not retry), unseen.
    const verdict = cspThrottle.admit(request.socket.remoteAddress ?? 'unknown');
    if (verdict.admitted) {
      let report: unknown = body;
      try {
        report = JSON.parse(body);
      } catch {
        // Kept as text: a report we cannot parse is still a violation worth seeing.
      }
      if (cspReports.length < MAX_CSP_REPORTS) cspReports.push(report);
      const dropped = verdict.droppedBefore > 0 ? ` (${verdict.droppedBefore} earlier reports not logged: too many)` : '';
      log(`demo: CSP violation reported: ${cspReportSummary(body)}${dropped}`);
    }
    response.writeHead(204);
    response.end();
  }

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await simulator?.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${urlHost(options.host)}:${port}`;
  own = ownOrigin(port, url, options.publicBaseUrl);
  hostPolicy = createHostPolicy({ allowedHosts: own.hosts });
  const publicUrl = (options.publicBaseUrl ?? url).replace(/\/+$/, '');

  // The shop's records: opened before the backend, closed by it.
  const store = options.dataDir ? await openPgliteStore({ dataDir: options.dataDir }) : undefined;
  backend = createPaynetCheckoutBackend({
    ...shopBackendOptions({
      publicUrl,
      // The kit answers for the demo's own names as well (its default would be publicBaseUrl's alone).
      hosts: own.hosts,
      devices: options.devices ?? (simulator ? DEFAULT_OPTIONS.devices : []),
    }),
    paynet,
    ...(store ? { store } : {}),
    ...(options.statusWaitSeconds === undefined ? {} : { statusWaitSeconds: options.statusWaitSeconds }),
    ...(options.onStatusChange === undefined ? {} : { onStatusChange: options.onStatusChange }),
    onError: (error, context) => log(`backend ${context}: ${error instanceof Error ? error.message : String(error)}`),
  });
  api = toNodeListener(backend.handle);
  simulator?.setWebhookUrl(`${url}/api/paynet/webhook`);

  return {
    url,
    simulator,
    backend,
    cspReports,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await backend?.close();
      await simulator?.close();
    },
  };
}

/** Where `npm start` keeps the shop's records (relative to where it runs: the repository). */
export const DEFAULT_DEMO_DATA_DIR = '.demo-data';

/** Real mode when Paynet credentials are in the environment; else the simulator. */
export function demoOptionsFromEnv(env: NodeJS.ProcessEnv): DemoStackOptions {
  const port = env.PORT === undefined || env.PORT === '' ? 5173 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new RangeError('PORT must be a port number');
  // "[::1]" as a browser writes it; listen() takes the bare address.
  const options: DemoStackOptions = { port, host: (env.HOST || '127.0.0.1').replace(/^\[(.*)\]$/, '$1'), dataDir: env.DEMO_DATA_DIR || DEFAULT_DEMO_DATA_DIR };
  if (env.PUBLIC_BASE_URL) {
    let publicUrl: URL | undefined;
    try {
      publicUrl = new URL(env.PUBLIC_BASE_URL);
    } catch {
      publicUrl = undefined;
    }
    if (!publicUrl || (publicUrl.protocol !== 'http:' && publicUrl.protocol !== 'https:')) throw new RangeError('PUBLIC_BASE_URL must be an http(s) URL');
    options.publicBaseUrl = publicUrl.origin;
  }
  if (env.PAYNET_SECRET_KEY) {
    // The demo's back office lists sales and starts refunds with no login: fine on this
    // machine against the simulator, not on a network with a real merchant account. An exact
    // test: "127.attacker.example" is a name anyone can point anywhere.
    if (!isLoopbackHost(options.host!)) throw new RangeError('real mode (PAYNET_SECRET_KEY set) only listens on a loopback HOST: the demo back office has no login');
    if (options.publicBaseUrl !== undefined && !isLoopbackHost(new URL(options.publicBaseUrl).host)) {
      throw new RangeError('real mode (PAYNET_SECRET_KEY set) takes no PUBLIC_BASE_URL off this machine: the demo back office has no login');
    }
    options.paynet = paynetConfigFromEnv(env);
    options.devices = parseDevices(env.PAYNET_DEVICES);
  }
  return options;
}

/** The address a browser on this machine uses for the server bound to `host`. */
function urlHost(host: string | undefined): string {
  if (host === undefined || host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** `P00134:Kasa 1,P00135:Kasa 2` → devices for the picker. */
function parseDevices(text: string | undefined): DeviceInfo[] {
  if (!text) return [];
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [deviceId = '', ...label] = entry.split(':');
      return { deviceId: deviceId.trim(), label: label.join(':').trim() || deviceId.trim() };
    });
}

/** Passes the call to the simulator and its answer back; resolves to the answer's status. */
async function proxyToSimulator(simulatorUrl: string, request: IncomingMessage, response: ServerResponse, url: URL): Promise<number> {
  const method = request.method ?? 'GET';
  let body: string | undefined;
  try {
    body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(request, 65_536);
  } catch {
    sendJson(response, 413, { error: { code: 'payload_too_large', message: 'The request body is too large.' } });
    return 413;
  }
  const contentType = request.headers['content-type'];
  const answer = await fetch(`${simulatorUrl}${url.pathname}${url.search}`, {
    method,
    headers: contentType ? { 'content-type': contentType } : {},
    ...(body === undefined ? {} : { body }),
  });
  const text = await answer.text();
  response.writeHead(answer.status, {
    'content-type': answer.headers.get('content-type') ?? 'application/json',
    'cache-control': 'no-store',
  });
  response.end(text);
  return answer.status;
}

function sendError(response: ServerResponse, error: HttpError): void {
  response.writeHead(error.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...error.headers });
  response.end(JSON.stringify({ error: { code: error.code, message: error.message } }));
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

/** The body as text; past `limit` the rest is drained unread, so a 413 can still be sent. */
function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => (size > limit ? reject(new BodyTooLargeError()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    request.on('error', reject);
  });
}

class BodyTooLargeError extends Error {
  constructor() {
    super('request body too large');
  }
}
