/**
 * One demo stack (simulator + reference backend + the built demo page, served under the
 * strict CSP) and one Chromium per test file, and a page instrumented the way a shop's own
 * script would be: it records every `paynet-*` event and every PayPOS launch, and collects
 * CSP / Trusted Types complaints and page errors so each test can demand there were none.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before } from 'node:test';
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { buildDemoPage } from '../../demo/server/build-page.js';
import { startDemoStack, type DemoStack } from '../../demo/server/stack.js';
import { launchChromium } from './browser.js';

export interface RecordedEvent {
  type: string;
  detail: Record<string, unknown> | null;
  /** id of the element that fired it (`checkout`, or '' for the back office's reversal element). */
  source: string;
}

export interface DemoFixture {
  stack: DemoStack;
  browser: Browser;
  close(): Promise<void>;
}

export async function startFixture(): Promise<DemoFixture> {
  // Each test file builds into its own folder, so files running side by side never share one.
  const pageDir = await mkdtemp(join(tmpdir(), 'paynet-demo-e2e-'));
  await buildDemoPage(pageDir);
  const stack = await startDemoStack({ port: 0, pageDir });
  const browser = await launchChromium();
  return {
    stack,
    browser,
    async close() {
      await browser.close();
      await stack.close();
      await rm(pageDir, { recursive: true, force: true });
    },
  };
}

export interface DemoPage {
  page: Page;
  /** Console messages about CSP or Trusted Types, and uncaught page errors. */
  problems: string[];
  /** Bodies of every same-origin response the page received, once all have been read. */
  responses(): Promise<Array<{ url: string; body: string }>>;
  events(): Promise<RecordedEvent[]>;
  waitForEvent(type: string, source?: string): Promise<RecordedEvent>;
  launched(): Promise<string[]>;
  /** Every `securitypolicyviolation` the page saw: "directive blocked-uri". */
  cspViolations(): Promise<string[]>;
  close(): Promise<void>;
}

const RECORDER = `(() => {
  const names = ['paynet-session', 'paynet-status', 'paynet-success', 'paynet-failure', 'paynet-expired', 'paynet-cancel', 'paynet-review', 'paynet-error'];
  window.__paynetEvents = [];
  window.__paynetLaunched = [];
  // Violations as the page itself sees them: the one count a policy delivered in a meta tag
  // (no report-uri there) can be checked by.
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
  });
  for (const name of names) {
    document.addEventListener(name, (event) => {
      const origin = event.composedPath()[0];
      window.__paynetEvents.push({ type: name, detail: JSON.parse(JSON.stringify(event.detail ?? null)), source: (origin && origin.id) || '' });
    }, true);
  }
  // A PayPOS launch is a click on a paypos: anchor; headless Chromium has no app to open, so
  // the click is recorded and the navigation stopped.
  document.addEventListener('click', (event) => {
    const target = event.composedPath()[0];
    if (target instanceof HTMLAnchorElement && target.protocol === 'paypos:') {
      event.preventDefault();
      window.__paynetLaunched.push(target.href);
    }
  }, true);
})();`;

export async function openDemo(fixture: DemoFixture, path = '/', options: BrowserContextOptions = {}): Promise<DemoPage> {
  return openDemoAt(fixture.browser, `${fixture.stack.url}${path}`, options);
}

/** The demo page at `url`, on whatever host serves it (the Node stack, or a static host). */
export async function openDemoAt(browser: Browser, url: string, options: BrowserContextOptions = {}): Promise<DemoPage> {
  const origin = new URL(url).origin;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const problems: string[] = [];
  const bodies: Array<Promise<{ url: string; body: string } | undefined>> = [];
  page.on('console', (message) => {
    const text = message.text();
    if (/content security policy|trusted ?type|refused to/i.test(text)) problems.push(`console: ${text}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('response', (response) => {
    if (!response.url().startsWith(origin)) return;
    // Redirects and aborted loads have no body; everything else is read in full.
    bodies.push(response.text().then((body) => ({ url: response.url(), body }), () => undefined));
  });
  await page.addInitScript(RECORDER);
  await page.goto(url);
  await page.locator('#checkout [part~="pay-button"]').waitFor();

  const events = (): Promise<RecordedEvent[]> => page.evaluate(() => (window as unknown as { __paynetEvents: RecordedEvent[] }).__paynetEvents);
  return {
    page,
    problems,
    async responses() {
      const read = await Promise.all(bodies);
      return read.filter((entry) => entry !== undefined);
    },
    events,
    async waitForEvent(type, source = 'checkout') {
      await page.waitForFunction(
        ([t, s]) => (window as unknown as { __paynetEvents: RecordedEvent[] }).__paynetEvents.some((e) => e.type === t && e.source === s),
        [type, source] as const,
        { timeout: 20_000 },
      );
      const all = await events();
      return all.find((e) => e.type === type && e.source === source)!;
    },
    launched: () => page.evaluate(() => (window as unknown as { __paynetLaunched: string[] }).__paynetLaunched),
    cspViolations: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
    close: () => context.close(),
  };
}

export const TERMINAL_EVENTS = ['paynet-success', 'paynet-failure', 'paynet-expired', 'paynet-cancel', 'paynet-review'];

/** The simulated phone's entry for one session (by its reference number, which tests know). */
export function phoneItem(demo: DemoPage, referenceNo: string): Locator {
  return demo.page.locator(`#phone-list li[data-reference="${referenceNo}"]`);
}

/**
 * Presses Pay on the shop's element and waits until the phone shows this session: later
 * steps act on this session's own entry, never on whatever else an earlier test left pending.
 */
export async function payAndWaitForPhone(demo: DemoPage): Promise<{ sessionId: string; referenceNo: string; phone: Locator }> {
  await demo.page.locator('#checkout [part~="pay-button"]').click();
  const session = await demo.waitForEvent('paynet-session');
  const referenceNo = String(session.detail?.referenceNo);
  const phone = phoneItem(demo, referenceNo);
  await phone.waitFor({ timeout: 10_000 });
  return { sessionId: String(session.detail?.sessionId), referenceNo, phone };
}

export function terminalEventsOf(events: RecordedEvent[], source = 'checkout'): RecordedEvent[] {
  return events.filter((e) => e.source === source && TERMINAL_EVENTS.includes(e.type));
}

/**
 * Registers the file's hooks: one fixture for the file, one page per test (closed after it,
 * with its CSP / Trusted Types complaints asserted empty), and no CSP report by the end
 * beyond those a test declared with `expectReports`.
 */
export function useDemoFixture(options: { checkProblems?: boolean } = {}): {
  fixture(): DemoFixture;
  open(path?: string, contextOptions?: BrowserContextOptions): Promise<DemoPage>;
  expectReports(count: number): void;
} {
  let fixture: DemoFixture | undefined;
  let current: DemoPage | undefined;
  let expectedReports = 0;
  before(async () => {
    fixture = await startFixture();
  });
  after(async () => {
    await fixture?.close();
    assert.equal(fixture?.stack.cspReports.length, expectedReports, `CSP reports: ${JSON.stringify(fixture?.stack.cspReports)}`);
  });
  afterEach(async () => {
    if (!current) return;
    const page = current;
    current = undefined;
    try {
      if (options.checkProblems !== false) assert.deepEqual(page.problems, [], 'CSP / Trusted Types complaints or page errors');
    } finally {
      await page.close();
    }
  });
  return {
    fixture: () => fixture!,
    async open(path = '/', contextOptions = {}) {
      current = await openDemo(fixture!, path, contextOptions);
      return current;
    },
    expectReports(count) {
      expectedReports = count;
    },
  };
}

/** Turns on the card method in the demo settings and pays with this card number. */
export async function payByCard(demo: DemoPage, pan: string): Promise<void> {
  const { page } = demo;
  await page.locator('.settings summary').click();
  await page.locator('input[name="card"]').check();
  await page.locator('#checkout [part~="methods"] label').nth(1).click();
  const form = page.locator('#checkout [part~="card-form"]');
  await form.locator('input[name="cc-name"]').fill('AYSE YILMAZ');
  await form.locator('input[name="cc-number"]').fill(pan);
  await form.locator('input[name="cc-exp"]').fill('12/30');
  await form.locator('input[name="cc-csc"]').fill('123');
  await page.locator('#checkout [part~="pay-button"]').click();
}

/**
 * Tries what an attacker's injected markup would: an inline script. Under the demo's policy
 * Trusted Types refuse it before CSP is even asked; resolves to what happened, so a test can
 * prove the policy is in force (and its count of zero violations elsewhere is real).
 */
export function tryInlineScript(page: Page): Promise<string> {
  return page.evaluate(() => {
    try {
      const script = document.createElement('script');
      script.textContent = 'window.__pwned = true';
      document.head.append(script);
      return 'inserted';
    } catch (error) {
      return error instanceof TypeError ? 'refused by Trusted Types' : String(error);
    }
  });
}
