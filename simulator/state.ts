/**
 * The simulator's in-memory model: what Paynet would hold for one merchant. Plain data plus
 * lookups; the rules that change it live with the endpoints (softpos.ts, payment.ts,
 * device.ts) and the simulated phone and terminal (phone.ts, terminal.ts).
 */
import type { CardBrand } from './cards.js';
import type { Charge } from './money.js';

export type PaymentSessionStatus = 'pending' | 'approved' | 'declined' | 'expired';
export type ReversalType = 'cancel' | 'refund';

export interface PaymentSession {
  id: string;
  kind: 'sale' | 'reversal';
  reversalType?: ReversalType;
  /** The sale a reversal session gives back. */
  originalXactId?: string;
  charge: Charge;
  instalment: number;
  referenceNo?: string;
  callbackUrl?: string;
  description?: string;
  status: PaymentSessionStatus;
  createdAt: number;
  expiresAt: number;
  deeplinkUrl: string;
  encryptionKey: string;
  /** The transaction PayPOS produced: set on approve and on decline. */
  xactId?: string;
}

/** A SoftPOS transaction, as check_transaction reports it. Holds the masked card only. */
export interface SoftposTransactionRecord {
  xactId: string;
  /** Paynet's plain transaction number (v1/transaction/check's `id`). */
  id: number;
  paymentSessionId: string;
  transactionType: 'sale' | 'cancel' | 'refund';
  createdAt: number;
  /** Added by /_sim/transactions/:xact_id/age: the sale pretends to be this many days old. */
  ageDays: number;
  charge: Charge;
  instalment: number;
  referenceNo?: string;
  description?: string;
  cardBrand?: CardBrand;
  cardNoMasked: string;
  cardHolder: string;
  authorizationCode: string;
  referenceCode: string;
  orderId: string;
  isSucceed: boolean;
  /** Shared by a sale and its reversal, as Paynet does. */
  xactTransactionId: string;
  paynetErrorId?: string;
  paynetErrorMessage?: string;
  /** The successful cancel/refund of this sale. */
  reversedByXactId?: string;
}

/** Why a card payment was declined, as the answer and (quirk) the error object tell it. */
export interface CardDecline {
  paynetErrorId: string;
  paynetErrorMessage: string;
  bankErrorId: string;
  bankErrorMessage: string;
  /** The return code a decline written as an error carries (quirk `declines: "error"`). */
  resultCode: number;
}

/**
 * A v2/transaction/payment attempt, kept with the masked card only. The answer, its code 100
 * replay and v1/transaction/check are all written from it.
 */
export interface CardPaymentRecord {
  referenceNo: string;
  xactId: string;
  id: number;
  isSucceed: boolean;
  createdAt: number;
  /** 1 sale, 3 pre-authorisation. */
  transactionType: number;
  agentId: string;
  instalment: number;
  charge: Charge;
  cardNoMasked: string;
  cardHolder: string;
  bankAuthorizationCode: string;
  bankReferenceCode: string;
  bankOrderId: string;
  xactTransactionId: string;
  description?: string;
  decline?: CardDecline;
}

export type DeviceTransactionStatus = 'pending' | 'approved' | 'declined' | 'expired';

export interface DeviceTransaction {
  transactionReferenceId: string;
  deviceId: string;
  conversationId: string;
  language: string;
  amountMinor: number;
  paidAmountMinor: number;
  installment: number;
  currency: string;
  paymentType: string;
  status: DeviceTransactionStatus;
  createdAt: number;
  finishedAt?: number;
  paymentId: string;
  cardBrand?: CardBrand;
  authCode?: string;
  hostReference?: string;
  stan?: string;
  saleNumber?: string;
  declineReason?: string;
}

export interface CallRecord {
  path: string;
  payment_session_id?: string;
  reference_no?: string;
  xact_id?: string;
  transactionReferenceId?: string;
  paymentId?: string;
  /** ISO 8601. */
  at: string;
}

/** Which flow owns a reference_no: they are unique per merchant across SoftPOS and card payments. */
export type ReferenceOwner = { kind: 'softpos'; paymentSessionId: string } | { kind: 'payment' };

/** The call log keeps the most recent calls only, so a long-running demo cannot grow without bound. */
export const MAX_CALL_RECORDS = 10_000;

export class SimState {
  /** session_key → expiry (ms since epoch). */
  readonly sessionKeys = new Map<string, number>();
  readonly sessions = new Map<string, PaymentSession>();
  readonly transactions = new Map<string, SoftposTransactionRecord>();
  /** reference_no → every v2/transaction/payment attempt made with it. */
  readonly cardPayments = new Map<string, CardPaymentRecord[]>();
  readonly references = new Map<string, ReferenceOwner>();
  readonly deviceTransactions = new Map<string, DeviceTransaction>();
  readonly calls: CallRecord[] = [];

  constructor(private readonly now: () => number) {}

  /** The session with its status brought up to date (a pending session past its time is expired). */
  session(id: string): PaymentSession | undefined {
    const session = this.sessions.get(id);
    if (session && session.status === 'pending' && this.now() >= session.expiresAt) session.status = 'expired';
    return session;
  }

  recordCall(call: CallRecord): void {
    this.calls.push(call);
    if (this.calls.length > MAX_CALL_RECORDS) this.calls.splice(0, this.calls.length - MAX_CALL_RECORDS);
  }

  allSessions(): PaymentSession[] {
    return [...this.sessions.keys()].map((id) => this.session(id)).filter((session): session is PaymentSession => session !== undefined);
  }

  deviceTransactionByPaymentId(paymentId: string): DeviceTransaction | undefined {
    for (const transaction of this.deviceTransactions.values()) if (transaction.paymentId === paymentId) return transaction;
    return undefined;
  }

  clear(): void {
    this.sessionKeys.clear();
    this.sessions.clear();
    this.transactions.clear();
    this.cardPayments.clear();
    this.references.clear();
    this.deviceTransactions.clear();
    this.calls.length = 0;
  }
}
