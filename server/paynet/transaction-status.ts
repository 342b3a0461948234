/**
 * Paynet's "Status" data type ("Veri Tipleri", paynet-api.md §4): the state of a transaction.
 */
import { readInteger } from './tolerant-read.js';

export const TransactionStatus = {
  waiting: 0,
  succeeded: 3,
  notSucceeded: 4,
  cancelled: 5,
  deleted: 6,
} as const;

export type TransactionStatusValue = (typeof TransactionStatus)[keyof typeof TransactionStatus];

/** A Status field as Paynet may send it (number or numeric string), or undefined if it is none of the documented values. */
export function readTransactionStatus(value: unknown): TransactionStatusValue | undefined {
  const n = readInteger(value);
  return n !== undefined && (Object.values(TransactionStatus) as number[]).includes(n) ? (n as TransactionStatusValue) : undefined;
}
