/**
 * The element's lazy chunks, one per part a shop may not use, so the first script is the sale
 * form alone. Each `import()` names a module whose file name becomes the chunk's, and a bundler
 * (Vite for `dist/`, or the app's own) splits there. Relative specifiers resolve against the
 * importing file's URL, so the standalone build finds its chunks beside it wherever it is
 * served from (a CDN included), under `script-src` of that origin alone.
 */
import { lazyModule } from './lazy-module.js';

/** The checkout flow (machine, runner, transport), its events and the views after Pay. */
export const runtimeChunk = lazyModule(() => import('../controllers/checkout-runtime.js'));
/** The PayPOS QR code (lean-qr) and the deeplink's hand-off view. */
export const qrChunk = lazyModule(() => import('../modes/paypos/paypos-handoff-view.js'));
/** The terminal picker and the terminal list's loader (@lit/task). */
export const terminalChunk = lazyModule(() => import('../modes/terminal/terminal-fields.js'));
/** The card form's fields. */
export const cardChunk = lazyModule(() => import('../modes/card/card-fields.js'));
