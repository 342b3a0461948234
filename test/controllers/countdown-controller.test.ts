import { expect, fixture } from '@open-wc/testing';
import { html, LitElement } from 'lit';
import { countdownParts, CountdownController, type CountdownTimers } from '../../src/controllers/countdown-controller.js';
import { describe, it } from '../flow/mocha.js';

/** Timers the test fires by hand; `pending` shows what is scheduled. */
class ManualTimers implements CountdownTimers {
  readonly pending = new Map<number, { delayMs: number; callback: () => void }>();
  private next = 1;
  setTimeout(callback: () => void, delayMs: number): unknown {
    const handle = this.next++;
    this.pending.set(handle, { delayMs, callback });
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  fireAll(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const timer of due) timer.callback();
  }
  delays(): number[] {
    return [...this.pending.values()].map((timer) => timer.delayMs);
  }
}

let remainingMs: number | undefined;
let timers = new ManualTimers();

class CountdownHost extends LitElement {
  readonly countdown = new CountdownController(this, () => remainingMs, timers);
  renders = 0;
  override render() {
    this.renders++;
    const left = this.countdown.remainingMs;
    if (left === undefined) return html`-`;
    const { minutes, seconds } = countdownParts(left);
    return html`${minutes}:${String(seconds).padStart(2, '0')}`;
  }
}
customElements.define('countdown-host', CountdownHost);

async function host(initialMs: number | undefined): Promise<CountdownHost> {
  remainingMs = initialMs;
  timers = new ManualTimers();
  const el = await fixture<CountdownHost>(html`<countdown-host></countdown-host>`);
  return el;
}

describe('CountdownController', () => {
  it('rounds up to whole seconds so 0:00 shows only when time is up', () => {
    expect(countdownParts(300_000)).to.deep.equal({ minutes: 5, seconds: 0 });
    expect(countdownParts(299_001)).to.deep.equal({ minutes: 5, seconds: 0 });
    expect(countdownParts(299_000)).to.deep.equal({ minutes: 4, seconds: 59 });
    expect(countdownParts(1)).to.deep.equal({ minutes: 0, seconds: 1 });
    expect(countdownParts(0)).to.deep.equal({ minutes: 0, seconds: 0 });
    expect(countdownParts(-5_000)).to.deep.equal({ minutes: 0, seconds: 0 });
  });

  it('re-renders when the shown second changes, then keeps ticking', async () => {
    const el = await host(61_400);
    expect(el.shadowRoot?.textContent).to.contain('1:02');
    expect(timers.delays()).to.deep.equal([400]);
    remainingMs = 61_000;
    timers.fireAll();
    await el.updateComplete;
    expect(el.shadowRoot?.textContent).to.contain('1:01');
    expect(timers.delays()).to.deep.equal([1_000]);
  });

  it('runs no timer without a deadline, and stops when time is up', async () => {
    const el = await host(undefined);
    expect(timers.pending.size).to.equal(0);
    remainingMs = 1_000;
    el.requestUpdate();
    await el.updateComplete;
    expect(timers.pending.size).to.equal(1);
    remainingMs = 0;
    timers.fireAll();
    await el.updateComplete;
    expect(el.shadowRoot?.textContent).to.contain('0:00');
    expect(timers.pending.size).to.equal(0);
  });

  it('clears its timer when the host leaves the page', async () => {
    const el = await host(10_000);
    expect(timers.pending.size).to.equal(1);
    el.remove();
    expect(timers.pending.size).to.equal(0);
  });
});
