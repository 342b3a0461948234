/**
 * The shop's back office: recent paid transactions from the reference backend
 * (`GET api/paynet/transactions`), each with a "Cancel / refund" action that runs the same
 * element in `mode="reversal"`: the browser names only the sale's session, and the backend
 * looks up the Paynet transaction in its own records.
 */
import type { TransactionsResponse } from '../../server/types.js';
import { byId, formatTry, getJson, h } from './dom.js';
import type { DemoLang, DemoStrings } from './strings.js';

type Row = TransactionsResponse['transactions'][number];
type ReviewRow = TransactionsResponse['needsReview'][number];

export class BackOffice {
  private rows: Row[] = [];
  private review: ReviewRow[] = [];

  constructor(
    private readonly body: HTMLTableSectionElement,
    private readonly empty: HTMLElement,
    private lang: DemoLang,
    private strings: DemoStrings,
    private readonly onReverse: (row: Row) => void,
  ) {}

  setLanguage(lang: DemoLang, strings: DemoStrings): void {
    this.lang = lang;
    this.strings = strings;
    this.render();
  }

  async refresh(): Promise<void> {
    try {
      const { transactions, needsReview } = await getJson<TransactionsResponse>('api/paynet/transactions');
      this.rows = transactions;
      this.review = needsReview ?? [];
      this.render();
    } catch {
      // Keeps the last list; the Refresh button tries again.
    }
  }

  private time(iso: string): string {
    return new Date(iso).toLocaleTimeString(this.lang === 'en' ? 'en-GB' : 'tr-TR', { hour: '2-digit', minute: '2-digit' });
  }

  private render(): void {
    this.empty.hidden = this.rows.length + this.review.length > 0;
    this.body.replaceChildren(
      // Paynet would not say what became of these: the shop checks them by reference in Paynet's panel.
      ...this.review.map((row) =>
        h(
          'tr',
          { attrs: { 'data-review-session': row.sessionId } },
          h('td', {}, this.time(row.createdAt)),
          h('td', {}, h('code', {}, row.referenceNo)),
          h('td', { class: 'num' }, formatTry(row.amount, this.lang)),
          h('td', {}, row.handoff),
          h('td', {}, h('span', { class: 'pill warn-pill', attrs: { title: row.lastError ?? '' } }, this.strings.stateNeedsReview)),
          h('td', {}),
        ),
      ),
      ...this.rows.map((row) => {
        const t = row.transaction;
        const time = this.time(row.createdAt);
        const instalments = t.instalment > 1 ? ` · ${t.instalment}×` : '';
        const state = row.reversedBySessionId ? this.strings.stateReversed : this.strings.statePaid;
        return h(
          'tr',
          { attrs: { 'data-sale-session': row.sessionId } },
          h('td', {}, time),
          h('td', {}, h('code', {}, t.referenceNo)),
          h('td', { class: 'num' }, `${formatTry(t.amount, this.lang)}${instalments}`),
          h('td', {}, t.cardMasked ?? row.handoff),
          h('td', {}, h('span', { class: row.reversedBySessionId ? 'pill muted-pill' : 'pill ok-pill' }, state)),
          h(
            'td',
            {},
            row.reversible
              ? h('button', { class: 'button subtle', attrs: { type: 'button', 'data-action': 'reverse' }, on: { click: () => this.onReverse(row) } }, this.strings.reverse)
              : null,
          ),
        );
      }),
    );
  }
}

export function reversalElement(row: Row, lang: DemoLang): HTMLElement {
  const element = document.createElement('paynet-checkout');
  element.setAttribute('mode', 'reversal');
  element.setAttribute('reversal-url', 'api/paynet/reversals');
  element.setAttribute('sale-session', row.sessionId);
  element.setAttribute('lang', lang);
  element.setAttribute('persist-key', 'none');
  byId('reversal-slot').replaceChildren(element);
  return element;
}
