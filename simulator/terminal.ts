/**
 * The simulated POS terminals of the device cloud API. A Sale waits here until the control
 * API approves or declines it, or the terminal gives up (deviceSaleTimeoutMs); the held HTTP
 * request waits on `settled`.
 */
import type { CardBrand } from './cards.js';
import { randomDigits } from './ids.js';
import type { DeviceTransaction, SimState } from './state.js';

export type TerminalResult = { approved: true; card: CardBrand } | { approved: false; status: 'declined' | 'expired'; reason: string };

const TIMED_OUT: TerminalResult = { approved: false, status: 'expired', reason: 'İşlem zaman aşımına uğradı' };

export class Terminal {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly waiters = new Map<string, Array<() => void>>();

  constructor(
    private readonly state: SimState,
    private readonly now: () => number,
    private readonly saleTimeoutMs: number,
    /** Told after a sale finishes, whoever finished it (control API, timeout, reset). */
    private readonly onFinish: () => void = () => undefined,
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
    this.arm(transaction.transactionReferenceId, this.saleTimeoutMs);
  }

  /**
   * After the state was restored from a snapshot: each pending sale gets its timeout again for
   * the time it had left, and one whose time has passed ends as expired at once.
   */
  resumePending(): void {
    for (const transaction of [...this.state.deviceTransactions.values()]) {
      if (transaction.status !== 'pending') continue;
      const leftMs = transaction.createdAt + this.saleTimeoutMs - this.now();
      if (leftMs > 0) this.arm(transaction.transactionReferenceId, leftMs);
      else this.finish(transaction.transactionReferenceId, TIMED_OUT);
    }
  }

  private arm(ref: string, ms: number): void {
    clearTimeout(this.timers.get(ref));
    this.timers.set(
      ref,
      setTimeout(() => this.finish(ref, TIMED_OUT), ms),
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
    this.onFinish();
    return true;
  }

  /** Ends every pending sale (reset, close) so no held request is left hanging. */
  abortAll(reason: string): void {
    for (const transaction of [...this.state.deviceTransactions.values()]) {
      if (transaction.status === 'pending') this.finish(transaction.transactionReferenceId, { approved: false, status: 'expired', reason });
    }
  }
}
