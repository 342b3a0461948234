/**
 * GET /devices (the shop's configured POS terminals) and GET /transactions (recent paid sales,
 * for the demo's back office; off unless `exposeTransactions`, because it lists every sale of
 * the shop to anyone who can reach the backend).
 */
import type { DevicesResponse } from '../../src/contract.js';
import type { TransactionsResponse } from '../types.js';
import type { BackendContext } from './context.js';
import { jsonResponse } from './http-response.js';

export const DEFAULT_TRANSACTIONS_LIMIT = 50;
export const MAX_TRANSACTIONS_LIMIT = 200;

export function handleDevices(ctx: BackendContext): Response {
  const body: DevicesResponse = { devices: ctx.devices.map((d) => ({ deviceId: d.deviceId, label: d.label })) };
  return jsonResponse(200, body);
}

export async function handleTransactions(ctx: BackendContext, url: URL): Promise<Response> {
  const requested = Number(url.searchParams.get('limit') ?? DEFAULT_TRANSACTIONS_LIMIT);
  const limit = Number.isInteger(requested) && requested > 0 ? Math.min(requested, MAX_TRANSACTIONS_LIMIT) : DEFAULT_TRANSACTIONS_LIMIT;
  const [sales, review] = await Promise.all([ctx.store.listSucceededSales(limit), ctx.store.listNeedsReview(limit)]);
  const body: TransactionsResponse = {
    transactions: sales
      .filter((s) => s.transaction)
      .map((s) => ({
        sessionId: s.id,
        handoff: s.channel,
        createdAt: new Date(s.createdAt).toISOString(),
        reversible: s.channel === 'paypos' && !s.reversedBySessionId && Boolean(s.secrets.xactId),
        ...(s.reversedBySessionId ? { reversedBySessionId: s.reversedBySessionId } : {}),
        transaction: { ...s.transaction! },
      })),
    needsReview: review.map((s) => ({
      sessionId: s.id,
      kind: s.kind,
      handoff: s.channel,
      createdAt: new Date(s.createdAt).toISOString(),
      referenceNo: s.referenceNo,
      amount: s.amount,
      ...(s.unknown?.code === undefined ? {} : { paynetCode: s.unknown.code }),
      ...(s.unknown?.message === undefined ? {} : { lastError: s.unknown.message }),
    })),
  };
  return jsonResponse(200, body);
}
