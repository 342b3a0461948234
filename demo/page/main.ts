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
import { applyStrings, DEMO_STRINGS, type DemoLang } from './strings.js';

const checkout = byId('checkout');
const afterResult = byId('after-result');
const reversalPanel = byId('reversal-panel');
let lang: DemoLang = 'tr';

const log = new EventLog(byId<HTMLOListElement>('event-log'));
log.listen(document);
byId('clear-log').addEventListener('click', () => log.clear());

const phone = new PhonePanel(byId('phone-list'), byId('phone-empty'), DEMO_STRINGS[lang]);
const office = new BackOffice(byId<HTMLTableSectionElement>('office-rows'), byId('office-empty'), lang, DEMO_STRINGS[lang], (row) => {
  const element = reversalElement(row, lang);
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

function setLanguage(next: DemoLang): void {
  lang = next;
  document.documentElement.lang = next;
  checkout.setAttribute('lang', next);
  applyStrings(document, DEMO_STRINGS[next]);
  phone.setLanguage(next, DEMO_STRINGS[next]);
  office.setLanguage(next, DEMO_STRINGS[next]);
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-lang]')) button.setAttribute('aria-pressed', String(button.dataset.lang === next));
}
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-lang]')) {
  button.addEventListener('click', () => setLanguage(button.dataset.lang === 'en' ? 'en' : 'tr'));
}

// Demo settings map one-to-one onto the element's attributes.
document.addEventListener('change', (event) => {
  const input = event.target as HTMLInputElement;
  if (input.name === 'handoff') checkout.setAttribute('handoff', input.value);
  if (input.name === 'amount-mode') {
    if (input.value === 'cart') checkout.setAttribute('amount', '149.90');
    else checkout.removeAttribute('amount');
  }
  if (input.name === 'card') {
    if (input.checked) checkout.setAttribute('methods', 'paypos card');
    else checkout.removeAttribute('methods');
  }
});

// `?lang=en&handoff=device` opens the demo in a given setup (handy for screenshots and links).
const params = new URLSearchParams(location.search);
const initialHandoff = params.get('handoff');
if (initialHandoff) {
  const radio = document.querySelector<HTMLInputElement>(`input[name="handoff"][value="${CSS.escape(initialHandoff)}"]`);
  if (radio) {
    radio.checked = true;
    checkout.setAttribute('handoff', radio.value);
  }
}
if (params.get('lang') === 'en') setLanguage('en');

const config = await getJson<{ simulator: boolean }>('_demo/config').catch(() => ({ simulator: false }));
if (config.simulator) {
  phone.start();
} else {
  byId('phone').hidden = true;
  byId('mode-badge').dataset.i18n = 'modeReal';
  applyStrings(document, DEMO_STRINGS[lang]);
}
void office.refresh();
