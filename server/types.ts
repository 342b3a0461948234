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
}
