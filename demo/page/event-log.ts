/**
 * The live event log: every `paynet-*` event any element on the page fires (they bubble and
 * are composed), newest first, its detail printed as JSON text.
 */
import { h } from './dom.js';

export const PAYNET_EVENTS = ['paynet-session', 'paynet-status', 'paynet-success', 'paynet-failure', 'paynet-expired', 'paynet-cancel', 'paynet-review', 'paynet-error'] as const;

const MAX_ENTRIES = 60;
const TERMINAL = new Set(['paynet-success', 'paynet-failure', 'paynet-expired', 'paynet-cancel', 'paynet-review']);

export class EventLog {
  constructor(private readonly list: HTMLOListElement) {}

  listen(target: EventTarget): void {
    for (const name of PAYNET_EVENTS) target.addEventListener(name, (event) => this.add(name, (event as CustomEvent).detail));
  }

  clear(): void {
    this.list.replaceChildren();
  }

  private add(name: string, detail: unknown): void {
    const time = new Date().toLocaleTimeString('tr-TR', { hour12: false });
    const kind = TERMINAL.has(name) ? 'terminal' : name === 'paynet-error' ? 'error' : 'info';
    const entry = h(
      'li',
      { class: `log-entry ${kind}`, attrs: { 'data-event': name } },
      h('div', { class: 'log-head' }, h('time', {}, time), h('code', { class: 'log-name' }, name)),
      h('pre', { class: 'log-detail' }, JSON.stringify(detail, null, 1) ?? ''),
    );
    this.list.prepend(entry);
    while (this.list.children.length > MAX_ENTRIES) this.list.lastElementChild?.remove();
  }
}
