/**
 * The static demo's first script: starts the back end in the page (in-browser-stack.ts), then
 * the very demo page `npm start` serves. In that order: a session kept across a reload is
 * asked about as soon as the element loads, and its answer must come from the worker.
 */
import { startInBrowserStack } from './in-browser-stack.js';

await startInBrowserStack();
await import('../page/main.js');
