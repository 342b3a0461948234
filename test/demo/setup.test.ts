/**
 * The demo's setup link (demo/page/setup.ts): what a query string opens, and what the page
 * writes back to the address bar. A link someone mangled must still open the demo.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETUP, readSetup, setupToSearch, type DemoSetup } from '../../demo/page/setup.js';

const FULL: DemoSetup = { handoff: 'device', amount: 'typed', card: true, lang: 'en', theme: 'dark' };

describe('demo setup link', () => {
  it('opens the default setup from an empty query, with or without its question mark', () => {
    assert.deepEqual(readSetup(''), DEFAULT_SETUP);
    assert.deepEqual(readSetup('?'), DEFAULT_SETUP);
  });

  it("opens today's links as before: ?lang=en&handoff=device", () => {
    assert.deepEqual(readSetup('?lang=en&handoff=device'), { ...DEFAULT_SETUP, lang: 'en', handoff: 'device' });
    assert.deepEqual(readSetup('handoff=qr'), { ...DEFAULT_SETUP, handoff: 'qr' });
  });

  it('reads every setting of a full link', () => {
    assert.deepEqual(readSetup('?handoff=device&lang=en&theme=dark&card=1&amount=typed'), FULL);
  });

  it('takes values as people type them: any case, stray spaces, card=true', () => {
    assert.deepEqual(readSetup('?handoff=%20QR%20&LANG=en&lang=EN&theme=Light&card=true'), { ...DEFAULT_SETUP, handoff: 'qr', lang: 'en', theme: 'light', card: true });
  });

  it('falls back to the default for each unknown, empty or malformed value, and never throws', () => {
    const bad = [
      '?handoff=nfc&amount=free&card=yes&lang=de&theme=blue',
      '?handoff=&amount=&card=&lang=&theme=',
      '?handoff=%E0%A4%A&lang=%&theme=%zz',
      '?handoff=auto=qr&&&===&card',
      '?__proto__=x&constructor=y&toString=z',
      '#handoff=device',
      '\u0000\uFFFF\uD800',
      '?handoff=' + 'q'.repeat(100_000),
    ];
    for (const search of bad) assert.deepEqual(readSetup(search), DEFAULT_SETUP, search);
  });

  it('keeps the valid values of a link beside invalid ones', () => {
    assert.deepEqual(readSetup('?handoff=nope&lang=en&card=2'), { ...DEFAULT_SETUP, lang: 'en' });
  });

  it('reads the first of repeated parameters', () => {
    assert.deepEqual(readSetup('?theme=dark&theme=light'), { ...DEFAULT_SETUP, theme: 'dark' });
  });

  it('writes nothing for the default setup, so the plain demo keeps a clean address', () => {
    assert.equal(setupToSearch(DEFAULT_SETUP), '');
  });

  it('writes only the values that differ from the default', () => {
    assert.equal(setupToSearch({ ...DEFAULT_SETUP, lang: 'en', handoff: 'device' }), '?handoff=device&lang=en');
    assert.equal(setupToSearch(FULL), '?handoff=device&amount=typed&card=1&lang=en&theme=dark');
  });

  it('round-trips every setup through the query string', () => {
    for (const handoff of ['auto', 'qr', 'deeplink', 'device'] as const) {
      for (const amount of ['cart', 'typed'] as const) {
        for (const card of [false, true]) {
          for (const lang of ['tr', 'en'] as const) {
            for (const theme of ['auto', 'light', 'dark'] as const) {
              const setup: DemoSetup = { handoff, amount, card, lang, theme };
              assert.deepEqual(readSetup(setupToSearch(setup)), setup);
            }
          }
        }
      }
    }
  });

  it("keeps a link's other parameters after the setup's, and drops the setup's old values", () => {
    assert.equal(setupToSearch({ ...DEFAULT_SETUP, theme: 'light' }, '?utm_source=mail&theme=dark&handoff=qr'), '?theme=light&utm_source=mail');
    assert.equal(setupToSearch(DEFAULT_SETUP, '?handoff=device&lang=en'), '');
    assert.equal(setupToSearch(DEFAULT_SETUP, '?q=a%20b&q=c'), '?q=a+b&q=c');
  });
});
