/**
 * The runtime chunk: everything a payment needs once Pay is pressed (or a pending session is
 * resumed), loaded on demand by checkout-controller.ts so the first script is the form alone.
 * The flow machine, its runner and the transport; the events the element dispatches; the
 * deeplink launcher; the views of the states after the form.
 */
export { CheckoutRunner } from './checkout-runner.js';
export { CountdownController } from './countdown-controller.js';
export { eventForNotice } from '../events/event-for-notice.js';
export { launchDeeplink } from '../handoff/deeplink.js';
export { renderAfterPay } from '../views/after-pay-view.js';
export { styles as afterPayStyles } from '../views/after-pay.styles.js';
export { renderLateNotice } from '../views/late-notice-view.js';
export { terminalHandoff } from '../modes/terminal/terminal-handoff-view.js';
