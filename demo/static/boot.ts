/**
 * The static demo's first script: starts the back end in the page (in-browser-stack.ts), then
 * the very demo page `npm start` serves. In that order: a session kept across a reload is
 * asked about as soon as the element loads, and its answer must come from the worker.
 *
 * The worker is registered first of all, so it installs (keeping the site's files) while the
 * back end's code arrives and compiles; the build preloads the page's code meanwhile.
 */
import { registerDemoWorker } from './register-worker.js';

const base = new URL('./', document.baseURI);
const [workerUrl, { startInBrowserStack }] = await Promise.all([registerDemoWorker(base), import('./in-browser-stack.js')]);
await startInBrowserStack(base, workerUrl);
await import('../page/main.js');
