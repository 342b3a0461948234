/**
 * Paynet's "successful transaction" notice, POSTed to the merchant after an approve. A
 * failing receiver is retried a few times, then given up on: the kit confirms with
 * check_transaction anyway, and the simulator must never fall over because a receiver did.
 */
import { pause } from './pause.js';

export const WEBHOOK_TIMEOUT_MS = 5_000;
/** Waits before the second and third attempts. */
export const WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [200, 1_000];

export interface WebhookBody {
  object_name: 'SoftposTransaction';
  payment_session_id: string;
  reference_no: string | null;
  xact_id: string;
  is_succeed: true;
}

export interface WebhookDelivery {
  body: WebhookBody;
  attempts: number;
  delivered: boolean;
  /** HTTP status of the last attempt, absent when it never got an answer. */
  lastStatus?: number;
}

/** Deliveries kept for inspection (GET /_sim/webhooks); older ones are forgotten. */
export const MAX_DELIVERY_RECORDS = 1_000;

export class WebhookSender {
  private readonly inFlight = new Set<AbortController>();
  readonly deliveries: WebhookDelivery[] = [];

  constructor(private readonly url: () => string | undefined) {}

  /** Fire and forget: failures are recorded, never thrown. */
  send(body: WebhookBody): void {
    const url = this.url();
    if (!url) return;
    const delivery: WebhookDelivery = { body, attempts: 0, delivered: false };
    this.deliveries.push(delivery);
    if (this.deliveries.length > MAX_DELIVERY_RECORDS) this.deliveries.shift();
    const controller = new AbortController();
    this.inFlight.add(controller);
    void this.deliver(url, delivery, controller.signal).finally(() => this.inFlight.delete(controller));
  }

  /** Stops every pending delivery and retry (on close and reset). */
  abortAll(): void {
    for (const controller of this.inFlight) controller.abort();
    this.inFlight.clear();
  }

  private async deliver(url: string, delivery: WebhookDelivery, signal: AbortSignal): Promise<void> {
    for (let attempt = 0; attempt <= WEBHOOK_RETRY_DELAYS_MS.length && !signal.aborted; attempt++) {
      if (attempt > 0 && !(await pause(WEBHOOK_RETRY_DELAYS_MS[attempt - 1] ?? 0, signal))) return;
      delivery.attempts++;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(delivery.body),
          signal: AbortSignal.any([signal, AbortSignal.timeout(WEBHOOK_TIMEOUT_MS)]),
          redirect: 'manual',
        });
        await response.body?.cancel();
        delivery.lastStatus = response.status;
        if (response.ok) {
          delivery.delivered = true;
          return;
        }
      } catch {
        // Unreachable receiver or timeout: try again after the next delay.
      }
    }
  }
}
