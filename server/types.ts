/** Answers of the kit's routes that are not part of the element's contract (src/contract.ts). */
import type { TransactionSummary } from '../src/contract.js';

/** `GET {basePath}/transactions` (only with `exposeTransactions: true`). Newest first. */
export interface TransactionsResponse {
  transactions: Array<{
    /** Pass as `saleSessionId` to `POST {basePath}/reversals`. */
    sessionId: string;
    handoff: 'paypos' | 'device' | 'card';
    createdAt: string;
    /** A PayPOS sale not yet reversed (Paynet still decides whether it is in time). */
    reversible: boolean;
    reversedBySessionId?: string;
    transaction: TransactionSummary;
  }>;
  /**
   * Sessions whose fate Paynet would not tell in time (`needs_review`), newest first: check
   * each in Paynet's panel by its reference_no. Money may have been taken.
   */
  needsReview: Array<{
    sessionId: string;
    kind: 'sale' | 'reversal';
    handoff: 'paypos' | 'device' | 'card';
    createdAt: string;
    referenceNo: string;
    amount: string;
    /** Paynet's return code and message of the last unanswered check, when it gave one. */
    paynetCode?: number;
    lastError?: string;
  }>;
}
