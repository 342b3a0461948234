/**
 * One payment through an example's page, as a shopper and the PayPOS phone make it: the page
 * renders the element, Pay is pressed, the page shows the session id its framework's
 * `paynet-session` binding received, the phone approves that session at the simulator, and
 * the page shows `paid <authorizationCode>` from its `paynet-success` binding. Any page error
 * or console error fails it.
 */
import type { Browser, Page } from 'playwright-core';
import type { Simulator } from '../../simulator/index.js';
import { SimControl } from '../server/helpers.js';
import { gzipBytes } from './sizes.js';
import { StepError } from './processes.js';

/** A loaded CI box: first paint of a cold app, a backend that asks Paynet, polling every 2 s. */
const RENDER_WITHIN_MS = 30_000;
const SESSION_WITHIN_MS = 30_000;
const PAID_WITHIN_MS = 60_000;

export interface PagePayment {
  path: string;
  seconds: number;
  /** gzip bytes of the JavaScript the page loaded. */
  pageJsGzip: number;
  authorizationCode: string;
}

export async function payOnPage(browser: Browser, baseUrl: string, path: string, sim: Simulator, instalments: readonly number[] | undefined): Promise<PagePayment> {
  const started = performance.now();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  const scripts: Array<Promise<number>> = [];
  /** sessionId → referenceNo, from the backend's answers to the page's session requests. */
  const created = new Map<string, string>();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.push(response.body().then(gzipBytes, () => 0));
    if (response.request().method() === 'POST' && response.status() === 201) {
      void response.json().then(
        (body: { sessionId?: unknown; referenceNo?: unknown }) => {
          if (typeof body.sessionId === 'string' && typeof body.referenceNo === 'string') created.set(body.sessionId, body.referenceNo);
        },
        () => undefined,
      );
    }
  });
  try {
    await step('open the page', () => page.goto(`${baseUrl}${path}`));
    const pay = page.locator('paynet-checkout [part~="pay-button"]');
    await step('the element renders its form (Pay)', () => pay.waitFor({ state: 'visible', timeout: RENDER_WITHIN_MS }));
    if (instalments !== undefined) {
      await step(`the element offers the instalments ${instalments.join(', ')}`, async () => {
        const offered = await page.locator('paynet-checkout [part~="instalments"] input[type="radio"]').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
        if (offered.join(',') !== instalments.join(',')) throw new StepError(`it offers [${offered.join(', ')}]`);
      });
    }
    await pay.click();

    const sessionId = await step('[data-testid=session] shows the paynet-session binding\'s sessionId', async () => {
      await page.waitForFunction(() => (document.querySelector('[data-testid=session]')?.textContent ?? '').trim() !== '' || (document.querySelector('[data-testid=result]')?.textContent ?? '').trim() !== '', undefined, {
        timeout: SESSION_WITHIN_MS,
      });
      const shown = await outputs(page);
      if (shown.session === '') throw new StepError(`no session id, and the result says "${shown.result}"`);
      return shown.session;
    });

    const referenceNo = await step('the shown session is the one the backend created', async () => {
      const deadline = Date.now() + SESSION_WITHIN_MS;
      while (!created.has(sessionId) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      const found = created.get(sessionId);
      if (found === undefined) throw new StepError(`the page shows session "${sessionId}", the backend created ${JSON.stringify([...created.keys()])}`);
      return found;
    });

    const authorizationCode = await step('the phone approves the session', async () => {
      const control = new SimControl(sim.url);
      const paymentSessionId = (await control.sessionByReference(referenceNo)).payment_session_id;
      await control.approve(paymentSessionId);
      const xactId = sim.state.sessions.get(paymentSessionId)?.xactId;
      const code = xactId === undefined ? undefined : sim.state.transactions.get(xactId)?.authorizationCode;
      if (code === undefined) throw new StepError(`the simulator recorded no transaction for ${paymentSessionId}`);
      return code;
    });

    await step(`[data-testid=result] shows "paid ${authorizationCode}" from the paynet-success binding`, async () => {
      try {
        await page.waitForFunction((expected) => (document.querySelector('[data-testid=result]')?.textContent ?? '').trim() === expected, `paid ${authorizationCode}`, { timeout: PAID_WITHIN_MS });
      } catch {
        throw new StepError(`the result says "${(await outputs(page)).result}"`);
      }
    });

    if (problems.length > 0) throw new StepError(`the page reported:\n  ${problems.join('\n  ')}`);
    const pageJsGzip = (await Promise.all(scripts)).reduce((sum, bytes) => sum + bytes, 0);
    return { path, seconds: (performance.now() - started) / 1000, pageJsGzip, authorizationCode };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new StepError(problems.length > 0 && !message.includes('the page reported') ? `${message}\n  (the page also reported: ${problems.join('; ')})` : message);
  } finally {
    await context.close();
  }
}

async function outputs(page: Page): Promise<{ session: string; result: string }> {
  return page.evaluate(() => ({
    session: (document.querySelector('[data-testid=session]')?.textContent ?? '').trim(),
    result: (document.querySelector('[data-testid=result]')?.textContent ?? '').trim(),
  }));
}

/** Names the step a failure happened in. */
async function step<T>(name: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    // Playwright's messages go on with a call log: its first line says what happened.
    const message = error instanceof StepError ? error.message : error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new StepError(`${name}: ${message}`);
  }
}
