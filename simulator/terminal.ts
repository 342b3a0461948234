/**
 * The simulated POS terminals of the device cloud API. A Sale waits here until the control
 * API approves or declines it, or the terminal gives up (deviceSaleTimeoutMs); the held HTTP
 * request waits on `settled`.
 */
import type { CardBrand } from './cards.js';
import { randomDigits } from './ids.js';
import type { DeviceTransaction, SimState } from './state.js';

export type TerminalResult = { approved: true; card: CardBrand } | { approved: false; status: 'declined' | 'expired'; reason: string };

export class Terminal {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly waiters = new Map<string, Array<() => void>>();

  constructor(
    private readonly state: SimState,
    private readonly now: () => number,
    private readonly saleTimeoutMs: number,
  ) {}

  isBusy(deviceId: string): boolean {
    for (const transaction of this.state.deviceTransactions.values()) {
      if (transaction.deviceId === deviceId && transaction.status === 'pending') return true;
    }
    return false;
  }

  /** Puts the sale on the terminal; it finishes as expired if nobody acts in time. */
  begin(transaction: DeviceTransaction): void {
    this.state.deviceTransactions.set(transaction.transactionReferenceId, transaction);
    const ref = transaction.transactionReferenceId;
    this.timers.set(
      ref,
      setTimeout(() => this.finish(ref, { approved: false, status: 'expired', reason: 'İşlem zaman aşımına uğradı' }), this.saleTimeoutMs),
    );
  }

  /** Resolves once the sale is no longer pending (at once if it already is not). */
  settled(ref: string): Promise<void> {
    const transaction = this.state.deviceTransactions.get(ref);
    if (!transaction || transaction.status !== 'pending') return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.waiters.get(ref) ?? [];
      list.push(resolve);
      this.waiters.set(ref, list);
    });
  }

  /** False when there is no pending sale with that reference. */
  finish(ref: string, result: TerminalResult): boolean {
    const transaction = this.state.deviceTransactions.get(ref);
    if (!transaction || transaction.status !== 'pending') return false;
    transaction.finishedAt = this.now();
    if (result.approved) {
      transaction.status = 'approved';
      transaction.cardBrand = result.card;
      transaction.authCode = randomDigits(6);
      transaction.hostReference = `HOST-${randomDigits(8)}`;
      transaction.stan = randomDigits(6);
      transaction.saleNumber = `SALE-${randomDigits(6)}`;
    } else {
      transaction.status = result.status;
      transaction.declineReason = result.reason;
    }
    clearTimeout(this.timers.get(ref));
    this.timers.delete(ref);
    const waiting = this.waiters.get(ref) ?? [];
    this.waiters.delete(ref);
    for (const wake of waiting) wake();
    return true;
  }

  /** Ends every pending sale (reset, close) so no held request is left hanging. */
  abortAll(reason: string): void {
    for (const transaction of [...this.state.deviceTransactions.values()]) {
      if (transaction.status === 'pending') this.finish(transaction.transactionReferenceId, { approved: false, status: 'expired', reason });
    }
  }
}
