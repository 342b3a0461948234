/**
 * Paynet calls per session per minute while 1 / 10 / 100 tabs watch one pending session, with
 * plain polling and with long-poll. The kit promises a bound set by the session, not by its
 * watchers: at most one check_transaction per statusMinIntervalMs (plus the first).
 *
 * A tab is simulated in Node by sending the requests the element sends, with the element's
 * own policy code:
 * - plain polling: `GET {statusUrl}` at once, then, after each answer, again after
 *   `nextPollDelayMs(DEFAULT_POLL_POLICY, …)` with the answer's Retry-After
 *   (src/flow/poll-policy.ts: 2 s, 5 s after the first minute; never two in flight);
 * - long-poll: `GET {statusUrl}?wait=N` with the N the session answer advertised
 *   (`statusWaitSeconds`), asked again at once after a `pending` answer (src/contract.ts).
 * Tabs open at random moments within the first poll interval, as real tabs would. Every
 * group (tab count × mode) watches a session of its own, all at once on one backend (memory
 * store, webhooks off: nobody pays), for a window of about half a minute; calls are counted
 * per session from the simulator's log and scaled to a minute.
 */
import { DEFAULT_STATUS_MIN_INTERVAL_MS } from '../server/index.js';
import type { SessionResponse } from '../src/contract.js';
import { DEFAULT_POLL_POLICY, nextPollDelayMs } from '../src/flow/poll-policy.js';
import { parseRetryAfterMs } from '../src/transport/retry-after.js';
import { checkCalls, createSale, numberFlag, paymentSessionIdOf, sleep } from './bench-sessions.js';
import { startStack } from './http-stack.js';
import type { Section } from './sections.js';
import type { Table } from './table.js';

export const TAB_COUNTS = [0, 1, 10, 100] as const;
export type WatchMode = 'polling' | 'long-poll';

export interface PaynetCallFigures {
  mode: WatchMode;
  tabs: number;
  windowSeconds: number;
  /** Status requests all tabs sent in the window. */
  requests: number;
  paynetCalls: number;
  /** floor(window / statusMinIntervalMs) + 1. */
  bound: number;
  paynetCallsPerMinute: number;
  requestsPerTabPerMinute: number;
  /** Requests that failed (network, non-2xx). */
  failed: number;
}

export interface PaynetCallsReport {
  minIntervalMs: number;
  statusWaitSeconds?: number;
  groups: PaynetCallFigures[];
}

export const paynetCallsSection: Section = {
  name: 'paynet-calls',
  title: 'Paynet check_transaction calls per session per minute with 0 / 1 / 10 / 100 tabs watching, plain polling and long-poll',
  async run({ flags, log }) {
    const seconds = numberFlag(flags, 'watch-seconds', 24);
    const report = await measurePaynetCalls(seconds, log);
    return { tables: [paynetCallsTable(report)], figures: report };
  },
};

export async function measurePaynetCalls(seconds: number, log: (line: string) => void): Promise<PaynetCallsReport> {
  const stack = await startStack();
  try {
    const modes: WatchMode[] = ['polling', 'long-poll'];
    const groups: Array<{ mode: WatchMode; tabs: number; session: SessionResponse; paymentSessionId: string }> = [];
    for (const mode of modes) {
      for (const tabs of TAB_COUNTS) {
        // 0 tabs: the reconciler alone, once (it does not depend on the mode).
        if (tabs === 0 && mode !== 'polling') continue;
        const session = await createSale(stack.url);
        const paymentSessionId = paymentSessionIdOf(stack.sim, session.referenceNo);
        if (!paymentSessionId) throw new Error(`the simulator holds no payment session for ${session.referenceNo}`);
        groups.push({ mode, tabs, session, paymentSessionId });
      }
    }
    const statusWaitSeconds = groups[0]?.session.statusWaitSeconds;
    if (statusWaitSeconds === undefined) log('paynet-calls: the backend does not advertise long-poll; the long-poll rows send ?wait=25 anyway');
    log(`paynet-calls: ${groups.reduce((n, g) => n + g.tabs, 0)} tabs over ${groups.length} sessions for ${seconds} s`);
    const started = Date.now();
    const until = started + seconds * 1_000;
    // The window's end aborts what is still in flight (held long-polls were counted when sent).
    const stop = new AbortController();
    const stopTimer = setTimeout(() => stop.abort(), until - Date.now());
    const counts = await Promise.all(
      groups.map(async (group) => {
        const url = new URL(group.session.statusUrl, `${stack.url}/api/paynet/sessions`).href;
        const tabs = await Promise.all(
          Array.from({ length: group.tabs }, () =>
            group.mode === 'polling' ? pollingTab(url, until, stop.signal) : longPollTab(url, statusWaitSeconds ?? 25, until, stop.signal),
          ),
        );
        return tabs.reduce((a, b) => ({ requests: a.requests + b.requests, failed: a.failed + b.failed }), { requests: 0, failed: 0 });
      }),
    );
    clearTimeout(stopTimer);
    stop.abort();
    const ended = Date.now();
    const windowSeconds = (ended - started) / 1_000;
    const bound = Math.floor((ended - started) / DEFAULT_STATUS_MIN_INTERVAL_MS) + 1;
    return {
      minIntervalMs: DEFAULT_STATUS_MIN_INTERVAL_MS,
      ...(statusWaitSeconds === undefined ? {} : { statusWaitSeconds }),
      groups: groups.map((group, i) => {
        const paynetCalls = checkCalls(stack.sim, started, ended, new Set([group.paymentSessionId]));
        const { requests, failed } = counts[i]!;
        return {
          mode: group.mode,
          tabs: group.tabs,
          windowSeconds,
          requests,
          paynetCalls,
          bound,
          paynetCallsPerMinute: (paynetCalls * 60) / windowSeconds,
          requestsPerTabPerMinute: group.tabs === 0 ? 0 : (requests * 60) / windowSeconds / group.tabs,
          failed,
        };
      }),
    };
  } finally {
    await stack.close();
  }
}

interface TabCount {
  requests: number;
  failed: number;
}

/** The element's plain polling: at once, then the policy's delay after each answer. */
async function pollingTab(url: string, until: number, signal: AbortSignal): Promise<TabCount> {
  const count: TabCount = { requests: 0, failed: 0 };
  const opened = Date.now();
  await sleep(Math.random() * DEFAULT_POLL_POLICY.intervalMs);
  let errors = 0;
  while (Date.now() < until && !signal.aborted) {
    count.requests++;
    let retryAfterMs: number | undefined;
    try {
      const answer = await fetch(url, { signal });
      await answer.arrayBuffer();
      retryAfterMs = parseRetryAfterMs(answer.headers.get('retry-after'));
      if (answer.ok) errors = 0;
      else {
        errors++;
        count.failed++;
      }
    } catch {
      if (signal.aborted) break;
      errors++;
      count.failed++;
    }
    const delay = nextPollDelayMs(DEFAULT_POLL_POLICY, {
      elapsedMs: Date.now() - opened,
      consecutiveErrors: errors,
      random: Math.random(),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
    await sleep(Math.min(delay, Math.max(0, until - Date.now())));
  }
  return count;
}

/** Long-poll as the contract asks: `?wait=N`, again at once after `pending`. */
async function longPollTab(url: string, waitSeconds: number, until: number, signal: AbortSignal): Promise<TabCount> {
  const count: TabCount = { requests: 0, failed: 0 };
  const waitUrl = `${url}${url.includes('?') ? '&' : '?'}wait=${waitSeconds}`;
  await sleep(Math.random() * DEFAULT_POLL_POLICY.intervalMs);
  while (Date.now() < until && !signal.aborted) {
    count.requests++;
    try {
      const answer = await fetch(waitUrl, { signal });
      const body = (await answer.json()) as { status?: string };
      if (!answer.ok) count.failed++;
      if (answer.ok && body.status !== 'pending') break;
      if (!answer.ok) await sleep(DEFAULT_POLL_POLICY.intervalMs);
    } catch {
      // The window's end aborts the held request: not a failure.
      if (signal.aborted) break;
      count.failed++;
      await sleep(DEFAULT_POLL_POLICY.intervalMs);
    }
  }
  return count;
}

export function paynetCallsTable(report: PaynetCallsReport): Table {
  const first = report.groups[0];
  const window = first ? first.windowSeconds.toFixed(1) : '?';
  return {
    title: 'Paynet calls per watched session: tabs watching one pending session',
    columns: ['mode', 'tabs', 'status requests', 'req/tab/min', 'Paynet calls', 'bound', 'Paynet calls/session/min'],
    rows: report.groups.map((g) => [
      g.tabs === 0 ? 'nobody (reconciler)' : g.mode,
      g.tabs,
      g.requests,
      g.requestsPerTabPerMinute,
      g.paynetCalls,
      g.bound,
      g.paynetCallsPerMinute,
    ]),
    notes: [
      `Tabs simulated in Node with the element's requests and its poll policy code (polling: at once, then every 2 s after each answer, honouring Retry-After; ` +
        `long-poll: ?wait=${report.statusWaitSeconds ?? 25}, again at once after pending), opened at random within the first 2 s.`,
      `All groups at once on one backend (memory store, webhooks off), one session each, over ${window} s; per-minute figures are the window's counts × 60 / ${window}.`,
      `Bound = floor(window / ${report.minIntervalMs} ms) + 1 check_transaction calls per session, however many tabs.`,
    ],
  };
}
