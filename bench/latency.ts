/**
 * Result latency: the simulated phone approves a sale, how long until the page hears
 * `paynet-success`. The demo stack (demo/server/stack.ts: the kit and the simulator, webhooks
 * on) started here on a loopback port, its one-script-tag page (plain.html) in headless
 * Chromium, the phone approving through the simulator's control API.
 *
 * Per sale, each from one clock (the machine's; the page's Date.now() and Node's agree):
 * - approval → success: Node's Date.now() just before it sends the approve, to the page's
 *   Date.now() inside its `paynet-success` listener (recorded in the page, read afterwards);
 * - backend knew → success: the kit's `onStatusChange` hook reporting `succeeded` (its `at`,
 *   taken when the backend wrote the result) to the same event;
 * - browser requests to the backend from Pay to success (page.on('request')).
 * The phone approves at a random moment 0.3–2.3 s after the session opened, so approvals
 * fall uniformly over a 2 s poll cycle rather than in step with it.
 *
 * Policies (the element as shipped unless said):
 * - long-poll: the backend advertises it (statusWaitSeconds, the kit's default 25) and the
 *   element takes it when it knows how;
 * - polling: element defaults (src/flow/poll-policy.ts: 2 s, 5 s after the first minute), the
 *   backend with long-poll off (statusWaitSeconds 0: not advertised), as an older backend;
 * - fixed 2 s (the peer's policy): poll-interval="2000", poll-slow-after far beyond a sale,
 *   long-poll off too;
 * - long-poll, webhooks off: as long-poll with the simulator's webhook URL unset, so the kit
 *   learns only by asking Paynet itself.
 * Each policy gets a fresh stack (its rate limits full) and several tabs at once (separate
 * browser contexts) to fit the time; the table says how many.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildDemoPage } from '../demo/server/build-page.js';
import { startDemoStack, type DemoStack } from '../demo/server/stack.js';
import { launchChromium } from '../test/e2e/browser.js';
import { numberFlag, paymentSessionIdOf, sleep, summarize, type Summary } from './bench-sessions.js';
import type { Section } from './sections.js';
import type { Table } from './table.js';

export type LatencyPolicy = 'long-poll' | 'polling' | 'fixed 2 s' | 'long-poll, webhooks off';
export const POLICIES: readonly LatencyPolicy[] = ['long-poll', 'polling', 'fixed 2 s', 'long-poll, webhooks off'];

/** issue 11's targets. */
export const TARGETS = {
  knewToSuccessP95Ms: 300,
  approvalToSuccessP95Ms: 1_000,
  approvalToSuccessWebhooksOffP95Ms: 2_000,
  requestsPerSale: 5,
} as const;

const APPROVE_AFTER_MIN_MS = 300;
const APPROVE_AFTER_SPREAD_MS = 2_000;
const SALE_TIMEOUT_MS = 20_000;
/** The peer's slow-down "never kicks in": an hour, far past any sale here. */
const NEVER_SLOW_MS = 3_600_000;

export interface PolicyFigures {
  policy: LatencyPolicy;
  tabs: number;
  sales: number;
  /** Sales that did not end in paynet-success within the timeout (tried again; not in the figures). */
  failed: number;
  approvalToSuccessMs: Summary;
  knewToSuccessMs: Summary;
  /** Browser requests to /api/paynet/ from Pay to success. */
  requestsPerSale: { mean: number; max: number };
  /** Status requests that asked for a long-poll hold (`wait=`), over all sales. */
  waitRequests: number;
  /** Webhooks the simulator sent that the backend did not accept with 2xx. */
  webhooksRefused: number;
  seconds: number;
}

export interface LatencyReport {
  salesPerPolicy: number;
  tabs: number;
  policies: PolicyFigures[];
}

export const latencySection: Section = {
  name: 'latency',
  title: 'result latency (approval → paynet-success, backend knew → paynet-success) over ≥ 50 sales per poll policy, headless Chromium on the demo stack',
  async run({ flags, log }) {
    const sales = numberFlag(flags, 'sales', 50);
    const tabs = numberFlag(flags, 'latency-tabs', 5);
    const only = typeof flags.policies === 'string' ? flags.policies.split(',').map((p) => p.trim()) : undefined;
    const policies = only ? POLICIES.filter((p) => only.includes(p)) : POLICIES;
    // The parallelism check: a few long-poll sales alone in the browser, beside the parallel ones.
    const aloneSales = numberFlag(flags, 'alone-sales', 10);
    const { report, chromium } = await measureLatency({ sales, tabs, policies, aloneSales, log });
    return { tables: [latencyTable(report)], figures: report, environment: { chromium } };
  },
};

export async function measureLatency({
  sales,
  tabs,
  policies,
  aloneSales = 0,
  log,
}: {
  sales: number;
  tabs: number;
  policies: readonly LatencyPolicy[];
  /** Long-poll sales run with one tab after the rest, to show what the parallel tabs cost (0: none). */
  aloneSales?: number;
  log(line: string): void;
}): Promise<{ report: LatencyReport; chromium: string }> {
  const pageDir = await mkdtemp(join(tmpdir(), 'paynet-bench-latency-'));
  let browser: Browser | undefined;
  try {
    log('latency: building the demo page');
    await buildDemoPage(pageDir);
    browser = await launchChromium();
    const results: PolicyFigures[] = [];
    for (const policy of policies) {
      log(`latency: ${policy}, ${sales} sales over ${tabs} tabs`);
      results.push(await measurePolicy(browser, pageDir, policy, sales, tabs));
    }
    if (aloneSales > 0 && policies.includes('long-poll') && tabs > 1) {
      log(`latency: long-poll, ${aloneSales} sales in one tab (parallelism check)`);
      results.push(await measurePolicy(browser, pageDir, 'long-poll', aloneSales, 1));
    }
    return { report: { salesPerPolicy: sales, tabs, policies: results }, chromium: browser.version() };
  } finally {
    await browser?.close();
    await rm(pageDir, { recursive: true, force: true });
  }
}

interface SaleTiming {
  approvalToSuccessMs: number;
  knewToSuccessMs: number;
  requests: number;
  waitRequests: number;
}

async function measurePolicy(browser: Browser, pageDir: string, policy: LatencyPolicy, sales: number, tabs: number): Promise<PolicyFigures> {
  const started = performance.now();
  // When the backend learned each sale's success: the first `succeeded` the kit reports.
  const knewAt = new Map<string, number>();
  const stack = await startDemoStack({
    port: 0,
    pageDir,
    ...(policy === 'polling' || policy === 'fixed 2 s' ? { statusWaitSeconds: 0 } : {}),
    onStatusChange: ({ sessionId, status, at }) => {
      if (status === 'succeeded' && !knewAt.has(sessionId)) knewAt.set(sessionId, at);
    },
  });
  const contexts: BrowserContext[] = [];
  try {
    if (policy === 'long-poll, webhooks off') stack.simulator!.setWebhookUrl(undefined);
    const timings: SaleTiming[] = [];
    let failed = 0;
    // Sales started and not failed: a failed sale is tried again, up to as many failures as sales.
    let claimed = 0;
    await Promise.all(
      Array.from({ length: Math.min(tabs, sales) }, async () => {
        const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
        contexts.push(context);
        const tab = await openTab(context, stack, policy === 'fixed 2 s');
        while (claimed < sales && failed < sales) {
          claimed++;
          const timing = await oneSale(tab, stack, knewAt).catch(() => undefined);
          if (timing) timings.push(timing);
          else {
            claimed--;
            failed++;
            await tab.page.reload();
          }
        }
      }),
    );
    const requests = timings.map((t) => t.requests);
    return {
      policy,
      tabs: Math.min(tabs, sales),
      sales: timings.length,
      failed,
      approvalToSuccessMs: summarize(timings.map((t) => t.approvalToSuccessMs)),
      knewToSuccessMs: summarize(timings.map((t) => t.knewToSuccessMs)),
      requestsPerSale: { mean: requests.reduce((a, b) => a + b, 0) / Math.max(1, requests.length), max: Math.max(0, ...requests) },
      waitRequests: timings.reduce((n, t) => n + t.waitRequests, 0),
      webhooksRefused: stack.simulator!.state.webhookDeliveries.filter((d) => d.lastStatus === undefined || d.lastStatus >= 300).length,
      seconds: (performance.now() - started) / 1_000,
    };
  } finally {
    for (const context of contexts) await context.close().catch(() => undefined);
    await stack.close();
  }
}

interface Tab {
  page: Page;
  /** Backend requests since the counter was last reset. */
  requests: string[];
}

/** Records paynet-session and paynet-success with the page's own clock. */
const RECORDER = `(() => {
  window.__bench = { sessions: [], successes: [] };
  document.addEventListener('paynet-session', (event) => {
    window.__bench.sessions.push({ at: Date.now(), sessionId: event.detail.sessionId, referenceNo: event.detail.referenceNo });
  }, true);
  document.addEventListener('paynet-success', (event) => {
    window.__bench.successes.push({ at: Date.now(), sessionId: event.detail.sessionId });
  }, true);
})();`;

async function openTab(context: BrowserContext, stack: DemoStack, fixedTwoSeconds: boolean): Promise<Tab> {
  const page = await context.newPage();
  const tab: Tab = { page, requests: [] };
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/paynet/')) tab.requests.push(request.url());
  });
  await page.addInitScript(RECORDER);
  await page.goto(`${stack.url}/plain.html`);
  const checkout = page.locator('#checkout');
  if (fixedTwoSeconds) {
    await checkout.evaluate((el, slowAfter) => {
      el.setAttribute('poll-interval', '2000');
      el.setAttribute('poll-slow-after', String(slowAfter));
    }, NEVER_SLOW_MS);
  }
  await page.locator('#checkout [part~="pay-button"]').waitFor();
  return tab;
}

async function oneSale(tab: Tab, stack: DemoStack, knewAt: ReadonlyMap<string, number>): Promise<SaleTiming> {
  const { page } = tab;
  type Recorded = { sessions: Array<{ at: number; sessionId: string; referenceNo: string }>; successes: Array<{ at: number; sessionId: string }> };
  const recorded = (): Promise<Recorded> => page.evaluate(() => (window as unknown as { __bench: Recorded }).__bench);
  const before = await recorded();
  tab.requests = [];
  await page.locator('#checkout [part~="pay-button"]').click();
  await page.waitForFunction((n) => (window as unknown as { __bench: Recorded }).__bench.sessions.length > n, before.sessions.length, { timeout: SALE_TIMEOUT_MS });
  const session = (await recorded()).sessions[before.sessions.length]!;
  const paymentSessionId = paymentSessionIdOf(stack.simulator!, session.referenceNo);
  if (!paymentSessionId) throw new Error(`no payment session for ${session.referenceNo}`);

  await sleep(APPROVE_AFTER_MIN_MS + Math.random() * APPROVE_AFTER_SPREAD_MS);
  const approvedAt = Date.now();
  const approved = await fetch(`${stack.simulator!.url}/_sim/sessions/${encodeURIComponent(paymentSessionId)}/approve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (!approved.ok) throw new Error(`approve: HTTP ${approved.status}`);

  await page.waitForFunction((n) => (window as unknown as { __bench: Recorded }).__bench.successes.length > n, before.successes.length, { timeout: SALE_TIMEOUT_MS });
  const success = (await recorded()).successes[before.successes.length]!;
  if (success.sessionId !== session.sessionId) throw new Error('success for another session');
  const knew = knewAt.get(session.sessionId);
  if (knew === undefined) throw new Error('the backend never stored the success');
  const requests = tab.requests.length;
  const waitRequests = tab.requests.filter((url) => new URL(url).searchParams.has('wait')).length;

  // Back to the form for the next sale.
  await page.locator('#checkout').evaluate((el) => (el as HTMLElement & { reset(): void }).reset());
  await page.locator('#checkout [part~="pay-button"]').waitFor();
  return { approvalToSuccessMs: success.at - approvedAt, knewToSuccessMs: success.at - knew, requests, waitRequests };
}

export function latencyTable(report: LatencyReport): Table {
  const cell = (s: Summary, key: 'p50' | 'p95' | 'max'): number => Math.round(s[key]);
  const rows = report.policies.map((p) => [
    p.policy,
    p.tabs,
    p.sales,
    cell(p.approvalToSuccessMs, 'p50'),
    cell(p.approvalToSuccessMs, 'p95'),
    cell(p.approvalToSuccessMs, 'max'),
    cell(p.knewToSuccessMs, 'p50'),
    cell(p.knewToSuccessMs, 'p95'),
    cell(p.knewToSuccessMs, 'max'),
    p.requestsPerSale.mean,
    p.requestsPerSale.max,
    p.waitRequests > 0 ? 'yes' : 'no',
  ]);
  const notes = [
    `${report.tabs} tabs at once (one browser context each), ${report.salesPerPolicy} sales per policy; phone approves 0.3–2.3 s after the session opens; fresh demo stack per policy. ` +
      'A row with 1 tab repeats long-poll alone: the gap to the parallel row is what the parallel tabs cost.',
    'approval → success: Node clock before the approve call to the page clock in the paynet-success listener. knew → success: the kit\'s onStatusChange(succeeded) to the same event.',
    'requests: browser requests to /api/paynet/ from Pay to success (session creation included). held: whether the element sent ?wait= (long-poll). polling and fixed 2 s run with the kit\'s long-poll off (statusWaitSeconds 0).',
    `Targets: knew → success p95 ≤ ${TARGETS.knewToSuccessP95Ms} ms; approval → success p95 ≤ ${TARGETS.approvalToSuccessP95Ms} ms (webhooks on), ≤ ${TARGETS.approvalToSuccessWebhooksOffP95Ms} ms (off); ≤ ${TARGETS.requestsPerSale} requests per sale.`,
  ];
  for (const p of report.policies) {
    if (p.tabs === 1 && report.tabs > 1) continue;
    const verdicts = targetVerdicts(p);
    if (verdicts) notes.push(`${p.policy}: ${verdicts}`);
    if (p.failed > 0) notes.push(`${p.policy}: ${p.failed} sales did not end in paynet-success within ${SALE_TIMEOUT_MS / 1_000} s (tried again, left out of the figures).`);
    if (p.webhooksRefused > 0 && p.policy !== 'long-poll, webhooks off') notes.push(`${p.policy}: ${p.webhooksRefused} webhooks not accepted by the backend.`);
  }
  return {
    title: 'Result latency: phone approves → paynet-success in headless Chromium (demo stack, ms)',
    columns: ['policy', 'tabs', 'sales', 'appr p50', 'appr p95', 'appr max', 'knew p50', 'knew p95', 'knew max', 'req/sale', 'req max', 'held'],
    rows,
    notes,
  };
}

/** Which of issue 11's targets this policy's figures meet (the long-poll policies are the ones held to them). */
function targetVerdicts(p: PolicyFigures): string | undefined {
  if (!p.policy.startsWith('long-poll')) return undefined;
  const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');
  const approvalTarget = p.policy === 'long-poll' ? TARGETS.approvalToSuccessP95Ms : TARGETS.approvalToSuccessWebhooksOffP95Ms;
  return [
    `knew → success p95 ${Math.round(p.knewToSuccessMs.p95)} ≤ ${TARGETS.knewToSuccessP95Ms}: ${met(p.knewToSuccessMs.p95 <= TARGETS.knewToSuccessP95Ms)}`,
    `approval → success p95 ${Math.round(p.approvalToSuccessMs.p95)} ≤ ${approvalTarget}: ${met(p.approvalToSuccessMs.p95 <= approvalTarget)}`,
    `requests per sale max ${p.requestsPerSale.max} ≤ ${TARGETS.requestsPerSale}: ${met(p.requestsPerSale.max <= TARGETS.requestsPerSale)}`,
  ].join('; ');
}
