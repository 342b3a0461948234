/**
 * The "PayPOS phone": what a cashier's Android phone (or a cloud POS terminal) would show,
 * driven through the simulator's control API (`_sim/…`, docs/paynet-simulator.md). It polls
 * the simulator for pending work and rebuilds the list only when that work changes, so a
 * chosen card or a focused button survives the next poll.
 */
import { formatTry, getJson, h } from './dom.js';
import type { DemoLang, DemoStrings } from './strings.js';

interface SimSession {
  payment_session_id: string;
  kind: 'sale' | 'reversal';
  reversal_type?: 'cancel' | 'refund';
  amount: string;
  instalment: number;
  reference_no: string;
}

interface SimDeviceSale {
  transactionReferenceId: string;
  deviceId: string;
  amount: string;
  installment: number;
}

const POLL_MS = 1_000;
const CARDS = [
  ['visa', 'Visa •••• 4358'],
  ['mastercard', 'Mastercard •••• 5403'],
  ['troy', 'Troy •••• 0796'],
] as const;

export class PhonePanel {
  private lang: DemoLang = 'tr';
  private strings: DemoStrings;
  private signature = '';

  constructor(
    private readonly list: HTMLElement,
    private readonly empty: HTMLElement,
    strings: DemoStrings,
  ) {
    this.strings = strings;
  }

  start(): void {
    void this.poll();
  }

  setLanguage(lang: DemoLang, strings: DemoStrings): void {
    this.lang = lang;
    this.strings = strings;
    this.signature = '';
    void this.refresh();
  }

  /** Called after the page starts a payment, so the phone shows it without waiting a beat. */
  async refresh(): Promise<void> {
    try {
      const [{ sessions }, { transactions }] = await Promise.all([
        getJson<{ sessions: SimSession[] }>('_sim/sessions?status=pending'),
        getJson<{ transactions: SimDeviceSale[] }>('_sim/device-transactions?status=pending'),
      ]);
      const signature = [this.lang, ...sessions.map((s) => s.payment_session_id), ...transactions.map((t) => t.transactionReferenceId)].join('|');
      if (signature === this.signature) return;
      this.signature = signature;
      this.list.replaceChildren(...sessions.map((s) => this.sessionItem(s)), ...transactions.map((t) => this.deviceItem(t)));
      this.empty.hidden = sessions.length + transactions.length > 0;
    } catch {
      // The next poll tries again; a demo phone that misses a beat is harmless.
    }
  }

  private async poll(): Promise<void> {
    await this.refresh();
    setTimeout(() => void this.poll(), POLL_MS);
  }

  private title(session: SimSession): string {
    if (session.kind === 'sale') return this.strings.phoneSale;
    return session.reversal_type === 'refund' ? this.strings.phoneRefund : this.strings.phoneCancel;
  }

  private instalmentText(count: number): string {
    return count > 1 ? `${count} ${this.strings.phoneInstalment}` : this.strings.phoneSinglePayment;
  }

  private sessionItem(session: SimSession): HTMLLIElement {
    const id = session.payment_session_id;
    const cardSelect = h('select', { attrs: { 'aria-label': this.strings.card, 'data-testid': 'phone-card' } }, ...CARDS.map(([value, label]) => h('option', { attrs: { value } }, label)));
    const act = (action: 'approve' | 'decline' | 'expire') => async () => {
      const body = action === 'approve' ? { card: cardSelect.value } : action === 'decline' ? { reason: 'Kart sahibi reddetti / declined by the cardholder' } : {};
      await getJson(`_sim/sessions/${encodeURIComponent(id)}/${action}`, { method: 'POST', body: JSON.stringify(body) }).catch(() => undefined);
      await this.refresh();
    };
    return h(
      'li',
      { class: `phone-item ${session.kind}`, attrs: { 'data-session': id, 'data-reference': session.reference_no, 'data-kind': session.kind } },
      h('div', { class: 'phone-item-head' }, h('strong', {}, this.title(session)), h('span', { class: 'amount' }, formatTry(session.amount, this.lang))),
      h('p', { class: 'muted small' }, `${this.instalmentText(session.instalment)} · ${session.reference_no}`),
      session.kind === 'sale' ? cardSelect : null,
      h(
        'div',
        { class: 'phone-actions' },
        h('button', { class: 'button primary', attrs: { type: 'button', 'data-action': 'approve' }, on: { click: act('approve') } }, this.strings.approve),
        h('button', { class: 'button', attrs: { type: 'button', 'data-action': 'decline' }, on: { click: act('decline') } }, this.strings.decline),
        h('button', { class: 'button subtle', attrs: { type: 'button', 'data-action': 'expire' }, on: { click: act('expire') } }, this.strings.expire),
      ),
    );
  }

  private deviceItem(sale: SimDeviceSale): HTMLLIElement {
    const ref = sale.transactionReferenceId;
    const act = (action: 'approve' | 'decline') => async () => {
      await getJson(`_sim/device-transactions/${encodeURIComponent(ref)}/${action}`, { method: 'POST', body: '{}' }).catch(() => undefined);
      await this.refresh();
    };
    return h(
      'li',
      { class: 'phone-item device', attrs: { 'data-device-sale': ref } },
      h('div', { class: 'phone-item-head' }, h('strong', {}, `${this.strings.phoneTerminal} ${sale.deviceId}`), h('span', { class: 'amount' }, formatTry(sale.amount, this.lang))),
      h('p', { class: 'muted small' }, this.instalmentText(sale.installment)),
      h(
        'div',
        { class: 'phone-actions' },
        h('button', { class: 'button primary', attrs: { type: 'button', 'data-action': 'approve' }, on: { click: act('approve') } }, this.strings.approve),
        h('button', { class: 'button', attrs: { type: 'button', 'data-action': 'decline' }, on: { click: act('decline') } }, this.strings.decline),
      ),
    );
  }
}
