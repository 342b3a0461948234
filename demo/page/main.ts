/**
 * The demo page: a small Turkish coffee shop's checkout with `<paynet-checkout>`, the
 * simulator's PayPOS phone, a live event log and a back office. Everything here is the
 * shop's code; the element is used exactly as a shop would use it.
 *
 * Every URL here and in index.html is relative to the document (`api/paynet/…`, `_sim/…`,
 * `_demo/config`), never `/…`: the same page is served at `/` by `npm start` and under a
 * sub-path (`/paynet-checkout/`) by a static host, and the element resolves its URLs
 * against the document as fetch does.
 */
import '../../src/paynet-checkout.js';
import { BackOffice, reversalElement } from './back-office.js';
import { byId, getJson } from './dom.js';
import { EventLog } from './event-log.js';
import { PhonePanel } from './phone-panel.js';
import { readSetup, setupToSearch, type DemoSetup } from './setup.js';
import { applySetup, formSetup, showSetup } from './settings.js';
import { ShareLink } from './share-link.js';
import { applyStrings, DEMO_STRINGS, type DemoLang } from './strings.js';

const checkout = byId('checkout');
const afterResult = byId('after-result');
const reversalPanel = byId('reversal-panel');
const settings = byId('settings');
// The link's setup (a shared one, or today's `?lang=en&handoff=device`); the page's own
// state from here on, written back to the address bar on every change.
let setup: DemoSetup = readSetup(location.search);

const log = new EventLog(byId<HTMLOListElement>('event-log'));
log.listen(document);
byId('clear-log').addEventListener('click', () => log.clear());

const phone = new PhonePanel(byId('phone-list'), byId('phone-empty'), DEMO_STRINGS[setup.lang]);
const office = new BackOffice(byId<HTMLTableSectionElement>('office-rows'), byId('office-empty'), setup.lang, DEMO_STRINGS[setup.lang], (row) => {
  const element = reversalElement(row, setup.lang);
  element.addEventListener('paynet-success', () => void office.refresh());
  reversalPanel.hidden = false;
  reversalPanel.scrollIntoView({ block: 'nearest' });
});
byId('refresh-office').addEventListener('click', () => void office.refresh());
byId('close-reversal').addEventListener('click', () => {
  reversalPanel.hidden = true;
  byId('reversal-slot').replaceChildren();
  void office.refresh();
});

// The shop's own reaction to the element's events: a fresh order after a result, the back
// office refreshed after a payment, the phone told at once that work is waiting. A late
// success may name an earlier (cancelled) session than the one on screen: the shop matches
// events by sessionId, and such a payment only updates the back office.
let currentSessionId: string | undefined;
checkout.addEventListener('paynet-session', (event) => {
  currentSessionId = (event as CustomEvent<{ sessionId: string }>).detail.sessionId;
  afterResult.hidden = true;
});
document.addEventListener('paynet-session', () => void phone.refresh());
for (const name of ['paynet-success', 'paynet-failure', 'paynet-expired', 'paynet-cancel', 'paynet-review'] as const) {
  checkout.addEventListener(name, (event) => {
    const { sessionId, late } = (event as CustomEvent<{ sessionId?: string; late?: boolean }>).detail;
    if (name === 'paynet-success' || name === 'paynet-review') void office.refresh();
    const earlierSession = late === true && sessionId !== undefined && sessionId !== currentSessionId;
    if (!earlierSession) afterResult.hidden = false;
  });
}
byId('new-order').addEventListener('click', () => {
  (checkout as HTMLElement & { reset(): void }).reset();
  currentSessionId = undefined;
  afterResult.hidden = true;
});

const share = new ShareLink(byId<HTMLButtonElement>('share-setup'), byId('share-status'), byId<HTMLInputElement>('share-url'), DEMO_STRINGS[setup.lang]);

/** The address bar holds the setup, so copying it (or Share) passes the setup on. */
function rememberSetup(next: DemoSetup): void {
  setup = next;
  // Only the query changes: the path (a static host's sub-path) and any hash stay.
  history.replaceState(history.state, '', `${location.pathname}${setupToSearch(setup, location.search)}${location.hash}`);
  share.reset();
}

/** Renders the page (the HTML is Turkish), the element and the panels in this language. */
function showLanguage(next: DemoLang): void {
  document.documentElement.lang = next;
  checkout.setAttribute('lang', next);
  applyStrings(document, DEMO_STRINGS[next]);
  phone.setLanguage(next, DEMO_STRINGS[next]);
  office.setLanguage(next, DEMO_STRINGS[next]);
  share.setStrings(DEMO_STRINGS[next]);
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-lang]')) button.setAttribute('aria-pressed', String(button.dataset.lang === next));
}
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-lang]')) {
  button.addEventListener('click', () => {
    const next = button.dataset.lang === 'en' ? 'en' : 'tr';
    showLanguage(next);
    rememberSetup({ ...setup, lang: next });
  });
}

settings.addEventListener('change', () => {
  const next = formSetup(settings, setup.lang);
  applySetup(checkout, next);
  rememberSetup(next);
});

showSetup(settings, setup);
applySetup(checkout, setup);
if (setup.lang !== 'tr') showLanguage(setup.lang);
// A link's unknown or misspelt values become the defaults the page shows, and the address says so.
rememberSetup(setup);

// `inBrowser`: the backend and the simulator answer from this browser (a static host's build).
const config = await getJson<{ simulator: boolean; inBrowser?: boolean }>('_demo/config').catch(() => ({ simulator: false, inBrowser: false }));
if (config.simulator) {
  byId('sim-notice').hidden = config.inBrowser !== true;
  phone.start();
} else {
  byId('phone').hidden = true;
  byId('mode-badge').dataset.i18n = 'modeReal';
  applyStrings(document, DEMO_STRINGS[setup.lang]);
}
void office.refresh();
