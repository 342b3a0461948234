/**
 * The demo's setup in its address: a shared link opens the demo in that setup (settings form,
 * element attributes, language and theme), every change is written back to the address bar,
 * and "Share this setup" hands out that same address. Also the simulation notice, shown only
 * when the demo says it runs in the browser.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { useDemoFixture } from './demo-fixture.js';

const demoStack = useDemoFixture();

/** The demo's own panel colour (`--panel` in demo.css), light and dark. */
const PANEL_LIGHT = 'rgb(255, 255, 255)';
const PANEL_DARK = 'rgb(34, 29, 25)';

function searchOf(page: Page): Record<string, string> {
  return Object.fromEntries(new URL(page.url()).searchParams);
}

function elementBackground(page: Page): Promise<string> {
  return page.locator('#checkout [part~="base"]').evaluate((base) => getComputedStyle(base).backgroundColor);
}

describe('e2e: the setup link', () => {
  it('opens a shared setup, writes a changed setting back to the address, and shares that address', async () => {
    // A light device: the dark theme comes from the link alone.
    const demo = await demoStack.open('/?handoff=device&lang=en&theme=dark&card=1&amount=typed', {
      colorScheme: 'light',
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const { page } = demo;
    await page.locator('#settings summary').click();

    assert.ok(await page.locator('input[name="handoff"][value="device"]').isChecked());
    assert.ok(await page.locator('input[name="amount"][value="typed"]').isChecked());
    assert.ok(await page.locator('input[name="card"]').isChecked());
    assert.ok(await page.locator('input[name="theme"][value="dark"]').isChecked());
    assert.equal(await page.locator('button[data-lang="en"]').getAttribute('aria-pressed'), 'true');

    const checkout = page.locator('#checkout');
    assert.equal(await checkout.getAttribute('handoff'), 'device');
    assert.equal(await checkout.getAttribute('lang'), 'en');
    assert.equal(await checkout.getAttribute('methods'), 'paypos card');
    assert.equal(await checkout.getAttribute('amount'), null, 'the cashier types the amount');
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
    assert.equal(await elementBackground(page), PANEL_DARK, "the element wears the page's dark theme");
    await page.locator('#checkout [part~="amount-input"]').waitFor();
    await page.locator('#checkout [part~="device-select"]').waitFor();

    await page.locator('input[name="theme"][value="light"]').check();
    await page.waitForFunction(() => new URLSearchParams(location.search).get('theme') === 'light');
    assert.equal(new URL(page.url()).pathname, '/');
    assert.deepEqual(searchOf(page), { handoff: 'device', amount: 'typed', card: '1', lang: 'en', theme: 'light' });
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'light');
    assert.equal(await elementBackground(page), PANEL_LIGHT);

    await page.locator('#share-setup').click();
    await page.locator('#share-status').getByText('Link copied').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), page.url());
    assert.ok(await page.locator('#share-url').isHidden());
  });

  it('shows the link selected in a read-only field where the clipboard is refused', async () => {
    const demo = await demoStack.open('/?handoff=qr');
    const { page } = demo;
    // A browser that refuses the clipboard (as an insecure origin or a denied permission does).
    // Sent as text: the test's compiled functions carry helpers the page does not have.
    await page.evaluate(`Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')) },
    })`);
    await page.locator('#settings summary').click();
    await page.locator('input[name="card"]').check();
    await page.waitForFunction(() => location.search === '?handoff=qr&card=1');

    await page.locator('#share-setup').click();
    const field = page.locator('#share-url');
    await field.waitFor();
    assert.equal(await field.inputValue(), page.url());
    assert.equal(await field.getAttribute('readonly'), '');
    assert.deepEqual(
      await field.evaluate((input: HTMLInputElement) => [document.activeElement === input, input.selectionStart, input.selectionEnd]),
      [true, 0, page.url().length],
      'focused and all selected, ready to copy',
    );
    assert.equal(await page.locator('#share-status').textContent(), 'Bağlantıyı buradan kopyalayın:');

    // A changed setting makes that link stale: it goes.
    await page.locator('input[name="card"]').uncheck();
    await field.waitFor({ state: 'hidden' });
    assert.equal(await page.locator('#share-status').textContent(), '');
    assert.equal(new URL(page.url()).search, '?handoff=qr');
  });

  it('cleans a mangled link to the defaults', async () => {
    const demo = await demoStack.open('/?handoff=nfc&theme=blue&lang=en');
    const { page } = demo;
    assert.equal(new URL(page.url()).search, '?lang=en');
    assert.equal(await page.locator('#checkout').getAttribute('handoff'), 'auto');
    assert.equal(await page.locator('html').getAttribute('data-theme'), null);
  });

  it('says the demo is a simulation in the browser only when its config says it runs there', async () => {
    const demo = await demoStack.open('/?lang=en');
    const { page } = demo;
    // The back office is asked for its list once the page has read its config.
    const reloadAndReadConfig = () => Promise.all([page.waitForRequest('**/api/paynet/transactions'), page.reload()]);
    await reloadAndReadConfig();
    assert.ok(await page.locator('#sim-notice').isHidden(), "npm start's config says simulator only: no notice");

    await page.route('**/_demo/config', (route) => route.fulfill({ json: { simulator: true, inBrowser: true } }));
    await reloadAndReadConfig();
    const notice = page.locator('#sim-notice');
    assert.ok(await notice.isVisible());
    assert.equal(
      await notice.textContent(),
      'Simulation: this whole demo runs in your browser. No card is charged and nothing leaves this page.',
    );
  });
});
