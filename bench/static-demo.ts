/**
 * The static sales demo (`npm run build:demo`) as a prospect gets it: the built folder served
 * under a sub-path by a plain static server, the merchant backend and the Paynet simulator
 * running in the page through msw's service worker.
 *
 * Bytes: every file of the built site, each compressed on its own (gzip -9, brotli 11) as a
 * browser fetches them; what the first visit fetches from the host before the checkout is
 * interactive, read from the browser's network log of one timed load (the first whose second
 * navigation found the worker).
 *
 * Time to an interactive checkout in Debian's Chromium, CPU throttled as in the tti section,
 * `--loads` times (default 10), each in a fresh browser context: a cold visit (no worker, no
 * cache), then in the same tab a second navigation (the worker installed, the files kept).
 * Interactive, taken in the page by a probe run before any of its scripts: the Pay button is
 * in the element's shadow root and the in-browser backend answers (`#sim-notice` shown, which
 * the page does once `_demo/config` said `inBrowser: true`). `performance.now()` at that moment
 * is the time since the navigation started.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { buildStaticDemo } from '../demo/static/build.js';
import { launchChromium } from '../test/e2e/browser.js';
import type { Sizes } from './bundle-size.js';
import type { Section } from './sections.js';
import { serveStatic } from './static-server.js';
import type { Cell, Table } from './table.js';
import { CPU_THROTTLE, type Stats } from './tti.js';

const DEFAULT_LOADS = 10;
const LOAD_TIMEOUT_MS = 30_000;
/** Where the site is served: a sub-path, as on a project's GitHub Pages. */
const SUB_PATH = '/paynet-checkout/';
const WORKER_FILES = ['sw.js', 'mockServiceWorker.js'];

// Plain JS, run before the page's own scripts (an init script: the page's CSP does not apply).
// Sets `window.benchReady`, a promise of the page's moments in ms since navigation start.
const PROBE = `(() => {
  const marks = { timeOrigin: performance.timeOrigin, workerAtStart: Boolean(navigator.serviceWorker?.controller) };
  const payButton = () => document.querySelector('#checkout')?.shadowRoot?.querySelector('[part~="pay-button"]');
  const backendReady = () => document.querySelector('#sim-notice')?.hidden === false;
  let resolve;
  window.benchReady = new Promise((r) => { resolve = r; });
  const check = () => {
    if (marks.payButton === undefined && payButton()) marks.payButton = performance.now();
    if (marks.backendReady === undefined && backendReady()) marks.backendReady = performance.now();
    if (marks.payButton === undefined || marks.backendReady === undefined) return false;
    marks.interactive = Math.max(marks.payButton, marks.backendReady);
    observer.disconnect();
    resolve(marks);
    return true;
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden'] });
  // The element renders into its shadow root, which a document observer does not see.
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    if (this.id === 'checkout') observer.observe(root, { childList: true, subtree: true });
    return root;
  };
  const frame = () => { if (!check()) requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  // The worker, as the page sees it: register() called, and resolved (on a return visit, after the
  // browser's update check); the worker controls the page (a first visit: installed, activated, claimed).
  const register = ServiceWorkerContainer.prototype.register;
  ServiceWorkerContainer.prototype.register = function (...args) {
    marks.workerRegister ??= performance.now();
    const registering = register.apply(this, args);
    registering.then(() => { marks.workerRegistered ??= performance.now(); }, () => {});
    return registering;
  };
  navigator.serviceWorker?.addEventListener('controllerchange', () => { marks.workerControls ??= performance.now(); });
})();`;

/** The moments the probe marks, in the order a first visit reaches them. */
const MOMENTS = ['workerRegister', 'workerRegistered', 'workerControls', 'payButton', 'backendReady', 'interactive'] as const;
type Moment = (typeof MOMENTS)[number];

type PageMarks = Partial<Record<Moment, number>> & {
  timeOrigin: number;
  interactive: number;
  /** A worker controlled the page from its first script on. */
  workerAtStart: boolean;
};

/** How one visit reached one file of the site (each a count of requests). */
interface Fetches {
  /** The page asked, the host answered. */
  pageFromHost: number;
  /** The service worker asked (its script, importScripts, its precache), the host answered. */
  workerFromHost: number;
  /** The page asked, the service worker answered (from its cache, or msw from the in-page backend). */
  fromWorker: number;
}

/** What the browser's network log shows of one visit up to its interactive moment. */
interface VisitLog {
  files: Map<string, Fetches>;
  /** Requests to anything but a file of the site (the in-page backend's URLs), path below the sub-path. */
  other: string[];
  outsideSite: number;
  failed: number;
}

interface SiteFile extends Omit<Sizes, 'files'> {
  file: string;
  cold: Fetches;
  warm: Fetches;
}

/** ms since navigation start; a moment a load does not reach (a return visit's worker already controls it) reads NaN. */
interface LoadTimes {
  momentsMs: Record<Moment, Stats>;
  interactiveSamplesMs: number[];
}

export interface StaticDemoFigures {
  site: { files: SiteFile[]; total: Sizes };
  firstLoad: {
    /** Every request the page or its worker sent the host before interactive (a file asked twice counts twice). */
    requestsToHost: number;
    bytesFromHost: number;
    /** The distinct files in them, page's own requests alone and with the worker's. */
    page: Sizes;
    all: Sizes;
    answeredInPage: string[];
    outsideSite: number;
    failedRequests: number;
  };
  warmLoad: { requestsToHost: number; answeredInPage: string[] };
  bootChunk: Sizes & { file: string };
  /** The kit, the simulator and msw's page side: the chunk boot imports before the page. */
  backendChunk: Sizes & { file: string };
  workers: Sizes;
  tti: {
    loads: number;
    /** Loads that gave no timing (left out of the figures). */
    failedLoads: number;
    cpuThrottle: number;
    cold: LoadTimes;
    /** Second navigations that found the worker in charge. */
    warm: LoadTimes;
    /**
     * Second navigations that found no worker and installed again. msw's worker unregisters
     * itself when its last page unloads; sw.js stops that, so this should stay at 0.
     */
    warmWithoutWorker: { loads: number; interactiveMs: Stats };
  };
}

export const staticDemoSection: Section = {
  name: 'static-demo',
  title: `the static demo (npm run build:demo) under a sub-path: its bytes, a first visit's bytes, time to an interactive checkout cold and warm, CPU ${CPU_THROTTLE}× (--loads=N, default ${DEFAULT_LOADS})`,
  async run({ flags, log }) {
    const loads = flags.loads === undefined ? DEFAULT_LOADS : Number(flags.loads);
    if (!Number.isInteger(loads) || loads < 1) throw new Error('--loads must be a positive integer');
    const dir = await mkdtemp(join(tmpdir(), 'paynet-bench-static-demo-'));
    try {
      const { files } = await buildStaticDemo(dir);
      log(`static-demo: built ${files.length} files`);
      const { figures, chromium } = await measure(dir, files, loads, log);
      return { tables: [filesTable(figures), bytesTable(figures), ttiTable(figures)], figures, environment: { chromium } };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};

async function measure(dir: string, files: string[], loads: number, log: (line: string) => void): Promise<{ figures: StaticDemoFigures; chromium: string }> {
  const sizes = new Map<string, Omit<Sizes, 'files'>>();
  for (const file of files) sizes.set(file, compressed(await readFile(join(dir, file))));
  const sizeOf = (name: string): Omit<Sizes, 'files'> => {
    const one = sizes.get(name);
    if (one === undefined) throw new Error(`static-demo: ${name} is not a file of the build`);
    return one;
  };
  const sum = (names: Iterable<string>): Sizes => {
    const total: Sizes = { files: 0, raw: 0, gzip: 0, brotli: 0 };
    for (const name of names) {
      const one = sizeOf(name);
      total.files += 1;
      total.raw += one.raw;
      total.gzip += one.gzip;
      total.brotli += one.brotli;
    }
    return total;
  };
  const bootFile = files.filter((f) => /^assets\/index-[^/]*\.js$/.test(f)).sort((a, b) => sizeOf(b).raw - sizeOf(a).raw)[0];
  if (bootFile === undefined) throw new Error('static-demo: the build has no assets/index-*.js');
  const backendFile = files.find((f) => /^assets\/in-browser-stack-[^/]*\.js$/.test(f));
  if (backendFile === undefined) throw new Error('static-demo: the build has no assets/in-browser-stack-*.js');

  const server = await serveStatic({}, { [SUB_PATH]: dir });
  let browser: Browser | undefined;
  try {
    const url = `${server.url}${SUB_PATH}`;
    await expectServed(url, 'text/html');
    await expectServed(`${url}sw.js`, 'text/javascript');
    browser = await launchChromium();
    const { cold, warm, warmWithoutWorker, coldLog, warmLog, failedLoads } = await timeLoads(browser, url, new Set(files), loads, log);

    const none: Fetches = { pageFromHost: 0, workerFromHost: 0, fromWorker: 0 };
    const fromHost = (f: Fetches): number => f.pageFromHost + f.workerFromHost;
    const coldFiles = [...coldLog.files];
    const figures: StaticDemoFigures = {
      site: {
        files: files.map((file) => ({ file, ...sizeOf(file), cold: coldLog.files.get(file) ?? none, warm: warmLog.files.get(file) ?? none })),
        total: sum(files),
      },
      firstLoad: {
        requestsToHost: coldFiles.reduce((n, [, f]) => n + fromHost(f), 0),
        bytesFromHost: coldFiles.reduce((n, [file, f]) => n + fromHost(f) * sizeOf(file).raw, 0),
        page: sum(coldFiles.filter(([, f]) => f.pageFromHost > 0).map(([file]) => file)),
        all: sum(coldFiles.filter(([, f]) => fromHost(f) > 0).map(([file]) => file)),
        answeredInPage: coldLog.other,
        outsideSite: coldLog.outsideSite,
        failedRequests: coldLog.failed,
      },
      warmLoad: { requestsToHost: [...warmLog.files.values()].reduce((n, f) => n + fromHost(f), 0), answeredInPage: warmLog.other },
      bootChunk: { file: bootFile, ...sum([bootFile]) },
      backendChunk: { file: backendFile, ...sum([backendFile]) },
      workers: sum(WORKER_FILES),
      tti: {
        loads,
        failedLoads,
        cpuThrottle: CPU_THROTTLE,
        cold: loadTimes(cold),
        warm: loadTimes(warm),
        warmWithoutWorker: { loads: warmWithoutWorker.length, interactiveMs: stats(warmWithoutWorker.map((m) => m.interactive)) },
      },
    };
    return { figures, chromium: browser.version() };
  } finally {
    await browser?.close();
    await server.close();
  }
}

/** The host must serve the folder's URL as its index and scripts as JS, or no worker registers. */
async function expectServed(url: string, type: string): Promise<void> {
  const response = await fetch(url);
  await response.arrayBuffer();
  if (!response.ok || !response.headers.get('content-type')?.startsWith(type)) {
    throw new Error(`static-demo: ${url} answered ${response.status} ${response.headers.get('content-type')}, not ${type}`);
  }
}

interface TimedLoads {
  cold: PageMarks[];
  warm: PageMarks[];
  warmWithoutWorker: PageMarks[];
  coldLog: VisitLog;
  warmLog: VisitLog;
  failedLoads: number;
}

async function timeLoads(browser: Browser, url: string, files: Set<string>, loads: number, log: (line: string) => void): Promise<TimedLoads> {
  const cold: PageMarks[] = [];
  const warm: PageMarks[] = [];
  const warmWithoutWorker: PageMarks[] = [];
  const failures: string[] = [];
  let logs: { cold: VisitLog; warm: VisitLog } | undefined;
  // Load 0 is untimed: the first pages of a fresh browser pay for its start-up (there, the second
  // navigation's register() waited some 2.5 s for the worker's update check). The network log
  // is taken of the first timed load whose second navigation found the worker.
  for (let i = 0; i <= loads; i++) {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.addInitScript(PROBE);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
      const network = i > 0 && logs === undefined ? networkLog(context, url, files) : undefined;
      const first = await visit(page, url);
      if (first.workerAtStart) throw new Error('a fresh context had a service worker');
      const coldLog = await network?.between(first.timeOrigin, first.timeOrigin + first.interactive);
      const second = await visit(page, url);
      const warmLog = await network?.between(second.timeOrigin, second.timeOrigin + second.interactive);
      if (i === 0) continue;
      cold.push(first);
      (second.workerAtStart ? warm : warmWithoutWorker).push(second);
      if (coldLog !== undefined && warmLog !== undefined && second.workerAtStart) logs = { cold: coldLog, warm: warmLog };
      if (i % 5 === 0) log(`static-demo: ${i}/${loads} loads`);
    } catch (error) {
      // A load that fails is reported and left out, rather than losing the run; many fail the section.
      failures.push(error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error));
      log(`static-demo: load ${i} failed: ${failures.at(-1)}`);
      if (failures.length > Math.max(2, loads / 4)) throw new Error(`static-demo: ${failures.length} loads failed, first: ${failures[0]}`);
    } finally {
      await context.close();
    }
  }
  if (logs === undefined) throw new Error(`static-demo: no second navigation found the worker (failures: ${failures[0] ?? 'none'})`);
  return { cold, warm, warmWithoutWorker, coldLog: logs.cold, warmLog: logs.warm, failedLoads: failures.length };
}

async function visit(page: Page, url: string): Promise<PageMarks> {
  await page.goto(url, { waitUntil: 'commit', timeout: LOAD_TIMEOUT_MS });
  type Probed = Window & { benchReady?: Promise<PageMarks> };
  await page.waitForFunction(() => (window as Probed).benchReady !== undefined, null, { timeout: LOAD_TIMEOUT_MS, polling: 50 });
  const marks = await within(page.evaluate(() => (window as Probed).benchReady), `${url} to be interactive`);
  if (typeof marks?.interactive !== 'number') throw new Error(`static-demo: ${url} gave no timing: ${JSON.stringify(marks)}`);
  return marks;
}

/** Rejects if `promise` has not settled in LOAD_TIMEOUT_MS: a page that never gets there fails its load, not the run. */
async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`static-demo: waited ${LOAD_TIMEOUT_MS} ms for ${what}`)), LOAD_TIMEOUT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Every request of the context (the page's and its service worker's) from now on;
 * `between(start, end)` sorts those sent in that time (ms since the epoch, the browser's clock)
 * and starts a new log. A request that got no answer is counted failed, wherever it falls.
 */
function networkLog(context: BrowserContext, base: string, files: Set<string>): { between(startMs: number, endMs: number): Promise<VisitLog> } {
  let seen: Request[] = [];
  context.on('request', (request) => seen.push(request));
  return {
    async between(startMs, endMs) {
      const requests = seen;
      seen = [];
      const log: VisitLog = { files: new Map(), other: [], outsideSite: 0, failed: 0 };
      // A request's start time is known once its answer is: wait for the answers first.
      const answered = await Promise.all(
        requests.map(async (request) => ({ request, response: await within(request.response(), request.url()).catch(() => null) })),
      );
      for (const { request, response } of answered) {
        if (response === null) {
          log.failed += 1;
          continue;
        }
        // The navigation may read a hair before the page's time origin: the two come from different processes.
        const sent = request.timing().startTime;
        if (sent > endMs || (sent < startMs && !request.isNavigationRequest())) continue;
        const address = new URL(request.url());
        if (!address.href.startsWith(base)) {
          log.outsideSite += 1;
          continue;
        }
        const path = address.pathname.slice(new URL(base).pathname.length) || 'index.html';
        if (!files.has(path)) {
          log.other.push(`${path}${address.search}`);
          continue;
        }
        const fetches = log.files.get(path) ?? { pageFromHost: 0, workerFromHost: 0, fromWorker: 0 };
        if (response.fromServiceWorker()) fetches.fromWorker += 1;
        else if (request.serviceWorker() !== null) fetches.workerFromHost += 1;
        else fetches.pageFromHost += 1;
        log.files.set(path, fetches);
      }
      return log;
    },
  };
}

function compressed(bytes: Buffer): Omit<Sizes, 'files'> {
  const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotli.length };
}

function loadTimes(marks: PageMarks[]): LoadTimes {
  const momentsMs = Object.fromEntries(MOMENTS.map((moment) => [moment, stats(marks.map((m) => m[moment] ?? Number.NaN))])) as Record<Moment, Stats>;
  return { momentsMs, interactiveSamplesMs: marks.map((m) => tenth(m.interactive)) };
}

/** Median and p90 interpolated between neighbours, as the tti section reads them. */
function stats(values: number[]): Stats {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const at = (q: number): number => {
    const i = (sorted.length - 1) * q;
    const low = sorted[Math.floor(i)] ?? Number.NaN;
    return tenth(low + ((sorted[Math.ceil(i)] ?? Number.NaN) - low) * (i % 1));
  };
  return { median: at(0.5), p90: at(0.9), min: at(0), max: at(1) };
}

function tenth(value: number): number {
  return Math.round(value * 10) / 10;
}

function filesTable({ site }: StaticDemoFigures): Table {
  const how = (f: Fetches, host: boolean): string => {
    const parts: Array<[string, number]> = host ? [['page', f.pageFromHost], ['worker', f.workerFromHost]] : [['worker', f.fromWorker]];
    return parts.filter(([, n]) => n > 0).map(([who, n]) => (n > 1 ? `${who} ×${n}` : who)).join(' + ') || '—';
  };
  return {
    title: 'Static demo: the built site, file by file (each compressed alone), and how a visit reached it before interactive',
    columns: ['file', 'raw', 'gzip -9', 'brotli 11', 'cold: from host, asked by', 'cold: from worker', 'warm: from host', 'warm: from worker'],
    rows: [
      ...site.files.map((f): Cell[] => [f.file, f.raw, f.gzip, f.brotli, how(f.cold, true), how(f.cold, false), how(f.warm, true), how(f.warm, false)]),
      [`total (${site.total.files} files)`, site.total.raw, site.total.gzip, site.total.brotli, '', '', '', ''],
    ],
    notes: [
      "From the browser's network log of one timed load (cold, then the second navigation in the same tab), requests sent",
      'before the checkout was interactive. "worker" from host: sw.js, its importScripts and its precache; index.html counts "./" too.',
    ],
  };
}

function bytesTable({ site, firstLoad, warmLoad, bootChunk, backendChunk, workers }: StaticDemoFigures): Table {
  const row = (what: string, s: Sizes): Cell[] => [what, s.files, s.raw, s.gzip, s.brotli];
  return {
    title: 'Static demo: bytes by what they are for (each file compressed alone, summed)',
    columns: ['what', 'files', 'raw', 'gzip -9', 'brotli 11'],
    rows: [
      row('the whole site', site.total),
      row("first load: the page's own requests to the host", firstLoad.page),
      row('first load: all from the host before interactive (page + worker)', firstLoad.all),
      row(`boot script alone (${bootChunk.file})`, bootChunk),
      row(`the back end in the page: kit, simulator, msw (${backendChunk.file})`, backendChunk),
      row(`msw's worker + sw.js`, workers),
    ],
    notes: [
      `First load: ${firstLoad.requestsToHost} requests to the host, ${firstLoad.bytesFromHost.toLocaleString('en-US')} B as served (uncompressed, no-store);`,
      `answered in the page by msw: ${firstLoad.answeredInPage.join(', ') || 'none'}; outside the site's folder: ${firstLoad.outsideSite}; failed: ${firstLoad.failedRequests}.`,
      `Warm load: ${warmLoad.requestsToHost} request(s) to the host in the log (which: the file table); the worker's update check`,
      "(sw.js and its importScripts, byte-compared) is the browser's own and not in that log.",
    ],
  };
}

const MOMENT_NAMES: Record<Moment, string> = {
  workerRegister: 'service worker register() called',
  workerRegistered: 'register() resolved',
  workerControls: 'worker controls the page (precache done, activated)',
  payButton: 'Pay button in the shadow root',
  backendReady: 'backend answers (_demo/config → #sim-notice)',
  interactive: 'interactive (both)',
};

function ttiTable({ tti }: StaticDemoFigures): Table {
  const rows = (load: 'cold' | 'warm'): Cell[][] =>
    MOMENTS.filter((moment) => Number.isFinite(tti[load].momentsMs[moment].median)).map((moment) => {
      const s = tti[load].momentsMs[moment];
      return [load, MOMENT_NAMES[moment], s.median, s.p90, s.min];
    });
  return {
    title: `Static demo: time to an interactive checkout (ms since navigation; ${tti.loads} loads, each in a fresh context, CPU ${tti.cpuThrottle}× throttled)`,
    columns: ['load', 'moment', 'median', 'p90', 'min'],
    rows: [
      ...rows('cold'),
      ...rows('warm'),
      ...(tti.warmWithoutWorker.loads > 0
        ? [['warm, no worker', `interactive (${tti.warmWithoutWorker.loads} of ${tti.cold.interactiveSamplesMs.length}: installed again)`, tti.warmWithoutWorker.interactiveMs.median, tti.warmWithoutWorker.interactiveMs.p90, tti.warmWithoutWorker.interactiveMs.min]]
        : []),
    ],
    notes: [
      `Served under ${SUB_PATH} by a loopback static server (no-store). Cold: a fresh context, no worker, no cache. Warm: the same`,
      'tab navigated again right after: the worker answers the page (network first) and every other file from its cache.',
      'The page defines the element only once the worker controls it: a first visit waits for the whole precache.',
      'Warm counts only second navigations the worker controlled from the start (sw.js keeps msw\'s worker from unregistering',
      'itself when its last page unloads; a navigation that still found none is counted apart).',
      ...(tti.failedLoads > 0 ? [`${tti.failedLoads} loads gave no timing and are left out.`] : []),
    ],
  };
}
