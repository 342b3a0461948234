/**
 * The static demo's service worker (built to `sw.js` beside the page). Two jobs in one worker,
 * since a page has one per scope:
 *
 * - the site's own files, cached when the worker installs, so the demo opens offline after the
 *   first visit: the page from the network first (a new deploy is seen), the cache when there
 *   is none; hashed files from the cache first (their names change with their content);
 * - everything else goes to msw's worker, imported at the end, which hands the request to the
 *   page's handlers (in-browser-stack.ts) and their answer back.
 *
 * Our listeners are registered before msw's: the fetch listener stops the event for the files
 * it answers, so msw never sees them, and one message is kept from msw (below).
 */

/** Replaced by the build (demo/static/build.ts): the files to keep, relative to the worker. */
declare const PRECACHE: { version: string; files: string[] };

interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEventLike extends ExtendableEventLike {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  readonly registration: { readonly scope: string };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEventLike) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  importScripts(...urls: string[]): void;
}

const worker = self as unknown as WorkerScope;
const CACHE_PREFIX = 'paynet-demo-';
const CACHE = `${CACHE_PREFIX}${PRECACHE.version}`;
const scope = new URL(worker.registration.scope);
const PAGE = new URL('index.html', scope).href;
const kept = new Set(PRECACHE.files.map((file) => new URL(file, scope).href));
/** Past this the page comes from the cache: a phone on a dead connection should not stare at a blank tab. */
const PAGE_NETWORK_TIMEOUT_MS = 4_000;

worker.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([...kept])));
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((names) => Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE).map((name) => caches.delete(name)))),
  );
});

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  if (request.mode === 'navigate' && url.href.startsWith(scope.href)) {
    event.stopImmediatePropagation();
    event.respondWith(pageFromNetworkOrCache(request));
  } else if (kept.has(url.href)) {
    event.stopImmediatePropagation();
    event.respondWith(fromCacheOrNetwork(request, url.href));
  }
});

async function pageFromNetworkOrCache(request: Request): Promise<Response> {
  try {
    const response = await fetch(request, { signal: AbortSignal.timeout(PAGE_NETWORK_TIMEOUT_MS) });
    if (response.ok) return response;
  } catch {
    // Offline or too slow: the kept copy below.
  }
  return (await caches.match(PAGE, { cacheName: CACHE })) ?? fetch(request);
}

async function fromCacheOrNetwork(request: Request, key: string): Promise<Response> {
  return (await caches.match(key, { cacheName: CACHE })) ?? fetch(request);
}

// msw's worker unregisters itself when the last page it served closes: right for a test
// suite, fatal here, where the next visit may come with no network at all. Its "client
// closed" notice stops at this listener. msw then keeps that page's id in its list until the
// worker restarts, which changes nothing it answers: a request from a page that has not
// started msw goes to the network, as it would without the worker.
worker.addEventListener('message', (event) => {
  if (event.data === 'CLIENT_CLOSED') event.stopImmediatePropagation();
});

worker.importScripts('./mockServiceWorker.js');
