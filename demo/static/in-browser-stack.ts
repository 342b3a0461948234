/**
 * The static demo's back end, inside the page: the kit's backend and the Paynet simulator,
 * the very modules `npm start` runs in Node, answering the page's requests through msw's
 * service worker. The element, the phone panel and the back office fetch the same relative
 * URLs as on the Node stack (`api/paynet/…`, `_sim/…`, `_demo/config`); only the host differs.
 *
 * The kit reaches the simulator without a network (its Paynet client's `fetch` calls the
 * simulator directly), and the simulator's webhook goes through the worker like any request
 * the page makes. Both keep their records in this tab's storage (saved-state.ts), so a reload
 * mid-payment finds its session, as it would on a real backend.
 */
import { http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import { createPaynetCheckoutBackend, type PaynetCheckoutBackend } from '../../server/backend.js';
import { MemorySessionStore } from '../../server/store/memory-store.js';
import { DEFAULT_OPTIONS } from '../../simulator/options.js';
import { createSimulatorCore } from '../../simulator/simulator-core.js';
import { simulatorFetch, simulatorResponse } from '../../simulator/web-adapter.js';
import { shopBackendOptions, simulatorPaynetOptions } from '../shop/backend-options.js';
import { fastForwardExpiry } from '../shop/expire-now.js';
import { loadSavedState, SavedStateWriter } from './saved-state.js';

/** Never resolved or fetched: the kit's Paynet client hands its calls to the simulator in-process. */
const SIMULATED_PAYNET = 'https://paynet.simulated.invalid';

export interface InBrowserStack {
  readonly backend: PaynetCheckoutBackend;
}

/** `workerUrl`: the demo's worker, registered and controlling this page (register-worker.ts). */
export async function startInBrowserStack(base: URL, workerUrl: string): Promise<InBrowserStack> {
  const saved = loadSavedState();
  const writer = new SavedStateWriter();
  const simulator = createSimulatorCore({ log: undefined }, saved?.simulator);
  const store = new MemorySessionStore(saved?.store ? { restore: saved.store, onChange: () => writer.schedule() } : { onChange: () => writer.schedule() });
  const publicUrl = base.href.replace(/\/+$/, '');
  const backend = createPaynetCheckoutBackend({
    ...shopBackendOptions({ publicUrl, hosts: [base.host], devices: DEFAULT_OPTIONS.devices }),
    paynet: { ...simulatorPaynetOptions(SIMULATED_PAYNET), fetch: simulatorFetch(simulator) },
    store,
    // The route prefix as this page sees it: "/api/paynet", or "/paynet-checkout/api/paynet" under a sub-path.
    basePath: new URL('api/paynet', base).pathname,
    onError: (error, context) => console.warn(`demo backend ${context}:`, error),
  });
  simulator.setWebhookUrl(new URL('api/paynet/webhook', base).href);
  writer.source = () => ({ simulator: simulator.snapshot(), store: store.snapshot() });
  simulator.onChange(() => writer.schedule());

  const worker = setupWorker(
    http.all(new URL('api/paynet/*', base).href, ({ request }) => backend.handle(request)),
    http.all(new URL('_sim/*', base).href, async ({ request }) => {
      const path = new URL(request.url).pathname;
      const response = await simulatorResponse(simulator, await atSiteRoot(request, base));
      // The phone's "Let it expire" also moves the kit's record on, as on the Node stack.
      if (response.ok && request.method === 'POST') await fastForwardExpiry(backend, path).catch((error: unknown) => console.warn('demo:', error));
      return response;
    }),
    http.get(new URL('_demo/config', base).href, () => HttpResponse.json({ simulator: true, inBrowser: true })),
  );
  // On every start msw asks the browser for a newer worker (registration.update()) and leaves
  // that promise unobserved. With the host out of reach the check fails, as it should: the
  // worker in hand serves the demo. Only that failure is hushed.
  addEventListener('unhandledrejection', (event) => {
    if (event.reason instanceof Error && event.reason.message.startsWith('Failed to update a ServiceWorker')) event.preventDefault();
  });
  await worker.start({
    serviceWorker: { url: workerUrl, options: { scope: base.pathname } },
    // The page's own files pass through to the worker's cache; nothing else is asked of a network.
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
  addEventListener('pagehide', () => writer.flush());

  return { backend };
}

/** The simulator's control API lives at /_sim/ of its own host: the request as it would reach it there, without this page's sub-path. */
async function atSiteRoot(request: Request, base: URL): Promise<Request> {
  const url = new URL(request.url);
  url.pathname = url.pathname.slice(base.pathname.length - 1);
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text();
  return new Request(url, { method: request.method, headers: request.headers, body, signal: request.signal });
}
