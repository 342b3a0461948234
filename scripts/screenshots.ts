/**
 * `npm run screenshots`: the demo as a person sees it, in headless Chromium at desktop
 * (1280×800) and phone (390×844) sizes, light and dark, into docs/screenshots/. Drives a real
 * payment through the simulator's phone so the waiting and paid states are real, not staged.
 * Then the Theme setting forcing dark on a light device (`?theme=dark`), the way a shop's own
 * theme switch would: the page, the phone and the element all follow it. Last, the static demo
 * (`npm run build:demo`) from a plain static host under a sub-path, at desktop and on an
 * Android phone, where the backend and Paynet run in the browser.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startDemoStack } from '../demo/server/stack.js';
import { buildStaticDemo } from '../demo/static/build.js';
import { launchChromium } from '../test/e2e/browser.js';
import { serveFolder } from '../test/e2e/static-host.js';

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

const SIZES = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${OUT}${name}.png` });
  process.stdout.write(`docs/screenshots/${name}.png\n`);
}

async function payToAwaiting(page: Page): Promise<void> {
  await page.locator('paynet-checkout [part~="pay-button"]').click();
  await page.locator('paynet-checkout [part~="qr"]').first().waitFor();
  await page.locator('#phone-list li').first().waitFor();
}

async function approve(page: Page): Promise<void> {
  await page.locator('#phone-list li [data-action="approve"]').first().click();
  await page.locator('#event-log [data-event="paynet-success"]').waitFor({ timeout: 15_000 });
}

await mkdir(OUT, { recursive: true });
const stack = await startDemoStack({ port: 0 });
const browser = await launchChromium();
try {
  for (const [size, viewport] of Object.entries(SIZES)) {
    for (const scheme of ['light', 'dark'] as const) {
      if (scheme === 'dark' && size === 'phone') continue;
      const context = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: size === 'phone' ? 2 : 1 });
      const page = await context.newPage();
      await page.goto(`${stack.url}/?handoff=qr`);
      await page.locator('paynet-checkout [part~="pay-button"]').waitFor();
      const suffix = scheme === 'dark' ? '-dark' : '';
      await shoot(page, `${size}-idle${suffix}`);
      await payToAwaiting(page);
      await shoot(page, `${size}-awaiting${suffix}`);
      await approve(page);
      await page.locator('paynet-checkout').scrollIntoViewIfNeeded();
      await shoot(page, `${size}-success${suffix}`);
      await context.close();
    }
  }
  const context = await browser.newContext({ viewport: SIZES.desktop, colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(`${stack.url}/?handoff=qr&theme=dark`);
  await page.locator('paynet-checkout [part~="pay-button"]').waitFor();
  await page.locator('#settings summary').click();
  await page.locator('#share-setup').scrollIntoViewIfNeeded();
  await shoot(page, 'desktop-settings-theme-dark');
  await page.evaluate(() => window.scrollTo(0, 0));
  await payToAwaiting(page);
  await shoot(page, 'desktop-awaiting-theme-dark');
  await context.close();
  await shootStaticDemo();
} finally {
  await browser.close();
  await stack.close();
}

async function shootStaticDemo(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'paynet-static-shots-'));
  await buildStaticDemo(dir);
  const host = await serveFolder(dir);
  try {
    const desktop = await browser.newContext({ viewport: SIZES.desktop, colorScheme: 'light' });
    const page = await desktop.newPage();
    await page.goto(`${host.url}?handoff=qr`);
    await page.locator('#sim-notice').waitFor();
    await payToAwaiting(page);
    await shoot(page, 'static-desktop-awaiting');
    await desktop.close();

    const android = await browser.newContext({
      viewport: SIZES.phone,
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      userAgent: 'Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
    });
    const phone = await android.newPage();
    // Headless Chromium has no PayPOS app: the launch is stopped, the page stays (as the e2e fixture does).
    await phone.addInitScript(() =>
      document.addEventListener('click', (event) => {
        const target = event.composedPath()[0];
        if (target instanceof HTMLAnchorElement && target.protocol === 'paypos:') event.preventDefault();
      }, true),
    );
    await phone.goto(`${host.url}?lang=en`);
    await phone.locator('#sim-notice').waitFor();
    await shoot(phone, 'static-phone-idle');
    await phone.locator('paynet-checkout [part~="pay-button"]').click();
    await phone.locator('#phone-list li').first().waitFor();
    await shoot(phone, 'static-phone-deeplink');
    await approve(phone);
    await phone.locator('paynet-checkout').scrollIntoViewIfNeeded();
    await shoot(phone, 'static-phone-success');
    await android.close();
  } finally {
    await host.close();
    await rm(dir, { recursive: true, force: true });
  }
}
if (stack.cspReports.length > 0) {
  process.stderr.write(`CSP violations: ${JSON.stringify(stack.cspReports)}\n`);
  process.exitCode = 1;
}
