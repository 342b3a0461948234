/**
 * Registers the demo's service worker and waits until it controls the page, before msw starts.
 *
 * Under `require-trusted-types-for 'script'` a browser refuses a plain string for
 * `navigator.serviceWorker.register`, and msw passes its `serviceWorker.url` on as a string.
 * So the worker is registered here, through a Trusted Types policy (`paynet-demo-worker`,
 * named in the static demo's CSP) that passes exactly one URL, the demo's own worker beside
 * the page, and throws for anything else. msw then finds this registration and uses it
 * rather than registering again. Where the browser has no Trusted Types, the plain URL goes.
 */
const WORKER_FILE = 'sw.js';

interface TrustedTypePolicyFactoryLike {
  createPolicy(name: string, rules: { createScriptURL(input: string): string }): { createScriptURL(input: string): unknown };
}

/** Resolves to the worker's URL (for msw's `serviceWorker.url`) once the worker controls this page. */
export async function registerDemoWorker(base: URL): Promise<string> {
  const url = new URL(WORKER_FILE, base).href;
  const factory = (globalThis as { trustedTypes?: TrustedTypePolicyFactoryLike }).trustedTypes;
  const scriptUrl = factory
    ? factory.createPolicy('paynet-demo-worker', {
        createScriptURL(input) {
          if (input !== url) throw new TypeError(`paynet-demo-worker: refused script URL ${input}`);
          return input;
        },
      }).createScriptURL(url)
    : url;
  const container = navigator.serviceWorker;
  const controlled = new Promise<void>((resolve) => {
    if (container.controller) resolve();
    else container.addEventListener('controllerchange', () => resolve(), { once: true });
  });
  // A page loaded past a worker already active (a hard reload) stays uncontrolled until the
  // next load, and without the worker nothing answers the checkout: load it again, as msw does.
  const before = await container.getRegistration(base.href);
  if (before?.active && !container.controller) {
    location.reload();
    await new Promise<never>(() => {});
  }
  // The DOM types know only strings here; the browser takes the TrustedScriptURL it asks for.
  await container.register(scriptUrl as string, { scope: base.pathname });
  // A first visit: the worker installs (keeping the site's files), activates and claims this page.
  await controlled;
  return url;
}
