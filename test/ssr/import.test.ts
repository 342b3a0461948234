/**
 * The package in a plain Node process, with no DOM shim installed: importing the entry that
 * defines the tag, or the side-effect-free one, does not throw (no document, window,
 * sessionStorage or matchMedia exists to be touched), and @lit-labs/ssr can
 * render the element there too. Each case runs in a fresh process, so no global left by
 * another test (or by the shim) can hide a crash.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs an ES module snippet with tsx in a fresh Node process at the repository root. */
function runInFreshNode(source: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
}

describe('importing the package in plain Node (no DOM shim)', () => {
  it('imports the defining entry without a crash, with no browser globals around', () => {
    const run = runInFreshNode(`
      const globals = ['document', 'window', 'sessionStorage', 'matchMedia'].filter((name) => name in globalThis);
      const module = await import('./src/paynet-checkout.ts');
      console.log(JSON.stringify({
        globals,
        tag: module.TAG_NAME,
        defined: globalThis.customElements?.get('paynet-checkout') === module.PaynetCheckout,
        attributes: Object.keys(module.ATTRIBUTES).length,
        events: module.PAYNET_EVENT_NAMES.length,
      }));
    `);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { globals: [], tag: 'paynet-checkout', defined: true, attributes: 21, events: 8 });
  });

  it('imports the side-effect-free entry without defining the tag', () => {
    const run = runInFreshNode(`
      const module = await import('./src/index.ts');
      console.log(JSON.stringify({ element: typeof module.PaynetCheckout, defined: globalThis.customElements?.get('paynet-checkout') !== undefined }));
    `);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { element: 'function', defined: false });
  });

  it('server-renders through lit alone (its Node build, no global shim)', () => {
    const run = runInFreshNode(`
      const { render } = await import('@lit-labs/ssr');
      const { collectResult } = await import('@lit-labs/ssr/lib/render-result.js');
      const { html } = await import('lit');
      await import('./src/paynet-checkout.ts');
      const markup = await collectResult(render(html\`<paynet-checkout session-url="/x" amount="149.90" instalments="1,2"></paynet-checkout>\`));
      console.log(JSON.stringify({ document: typeof document, form: markup.includes('part="form"'), turkish: markup.includes('PayPOS ile öde'), amount: markup.includes('149,90') }));
    `);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { document: 'undefined', form: true, turkish: true, amount: true });
  });
});
