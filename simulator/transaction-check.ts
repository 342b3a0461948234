/**
 * POST /v1/transaction/check (paynet-api.md §4, "Finding a card payment again"): Basic
 * secret_key; body `xact_id` or `reference_no`, at least one. Answers every transaction made
 * under it: each v2/transaction/payment attempt (a declined one too, status 4), and the PayPOS
 * sale of a payment session opened with that reference_no (a PayPOS transaction is a Paynet
 * transaction too). Reversals (cancel, refund) are not listed; a sale cancelled on its day
 * shows status 5. With both fields, a transaction must match both.
 *
 * Nothing found: `Data: []`, or with the `emptyLookup: "nodata"` quirk a 404 nodata.
 */
import type { ApiHandler, SimContext } from './context.js';
import { InvalidRequest, errors, paynetOk } from './replies.js';
import { checkedCardPayment, checkedSoftposSale } from './transaction-wire.js';
import { optionalString } from './validate.js';

interface Found {
  createdAt: number;
  wire: Record<string, unknown>;
}

function cardPayments(ctx: SimContext, xactId: string | undefined, referenceNo: string | undefined): Found[] {
  const lists = referenceNo !== undefined ? [ctx.state.cardPayments.get(referenceNo) ?? []] : [...ctx.state.cardPayments.values()];
  return lists
    .flat()
    .filter((record) => xactId === undefined || record.xactId === xactId)
    .map((record) => ({ createdAt: record.createdAt, wire: checkedCardPayment(record) }));
}

function softposSales(ctx: SimContext, xactId: string | undefined, referenceNo: string | undefined): Found[] {
  const found: Found[] = [];
  for (const record of ctx.state.transactions.values()) {
    if (record.transactionType !== 'sale') continue;
    if (xactId !== undefined && record.xactId !== xactId) continue;
    if (referenceNo !== undefined && record.referenceNo !== referenceNo) continue;
    const reversal = record.reversedByXactId ? ctx.state.transactions.get(record.reversedByXactId) : undefined;
    found.push({ createdAt: record.createdAt, wire: checkedSoftposSale(record, ctx.options.agentId, reversal?.transactionType === 'cancel') });
  }
  return found;
}

export const handleTransactionCheck: ApiHandler = (ctx, request) => {
  if (!request.credentials.secretKey) return errors.unauthorized('Geçersiz secret key');
  const xactId = optionalString(request.body, 'xact_id', 512) || undefined;
  const referenceNo = optionalString(request.body, 'reference_no', 64) || undefined;
  if (xactId === undefined && referenceNo === undefined) throw new InvalidRequest('xact_id or reference_no is required');
  const found = [...cardPayments(ctx, xactId, referenceNo), ...softposSales(ctx, xactId, referenceNo)].sort((a, b) => a.createdAt - b.createdAt);
  if (found.length === 0 && ctx.quirks.current.emptyLookup === 'nodata') return errors.noData('İşlem bulunamadı');
  return paynetOk('transaction_list', { Data: found.map((item) => item.wire) });
};
