import { ChangeDetectionStrategy, Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
// Registers <paynet-checkout> (the package's ES build; lit and lean-qr are bundled by the CLI).
import 'paynet-checkout';
import type { PaynetSessionEvent, PaynetSuccessEvent } from 'paynet-checkout';

/**
 * A shop page with a fixed-price order. CUSTOM_ELEMENTS_SCHEMA lets the template use the tag
 * and bind to it. The `$event` types need nothing of ours: the package declares the tag in
 * HTMLElementTagNameMap and types the element's addEventListener by event name, and Angular's
 * strict template check types an element's `(event)` binding through exactly those, so
 * `(paynet-success)` hands a `PaynetSuccessEvent` (a handler taking the wrong event type does
 * not compile).
 */
@Component({
  selector: 'app-root',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main>
      <h1>Espresso beans, 1 kg</h1>
      <paynet-checkout
        amount="149.90"
        session-url="/api/paynet/sessions"
        lang="en"
        [instalments]="instalments"
        (paynet-session)="onSession($event)"
        (paynet-success)="onSuccess($event)"
      ></paynet-checkout>
      <p>Session: <output data-testid="session">{{ sessionId() }}</output></p>
      <p>Result: <output data-testid="result">{{ result() }}</output></p>
    </main>
  `,
})
export class CheckoutPage {
  /** A real array through a property binding; the element reflects it as instalments="1,2,3". */
  protected readonly instalments: number[] = [1, 2, 3];
  protected readonly sessionId = signal('');
  protected readonly result = signal('');

  protected onSession(event: PaynetSessionEvent): void {
    this.sessionId.set(event.detail.sessionId);
  }

  protected onSuccess(event: PaynetSuccessEvent): void {
    this.result.set(`paid ${event.detail.transaction.authorizationCode ?? ''}`);
  }
}
