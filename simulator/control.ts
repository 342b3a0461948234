/**
 * The control API under /_sim/: the simulated phone and terminal, and hooks for tests. A dev
 * tool: JSON in and out, errors as `{error}` with 400 / 404 / 409.
 */
import { CARD_BRANDS, type CardBrand } from './cards.js';
import { DAY_MS } from './clock.js';
import type { SimContext } from './context.js';
import type { JsonObject, Reply } from './http-io.js';
import { minorToNumber } from './money.js';
import { approveSession, declineSession, expireSession, type PhoneResult } from './phone.js';
import { parseQuirks } from './quirks.js';
import { InvalidRequest } from './replies.js';
import type { CardPaymentRecord, DeviceTransaction, PaymentSession } from './state.js';

export const CONTROL_PREFIX = '/_sim/';

function ok(body: unknown): Reply {
  return { status: 200, body };
}

function problem(status: number, error: string): Reply {
  return { status, body: { error } };
}

function sessionView(session: PaymentSession): Record<string, unknown> {
  return {
    payment_session_id: session.id,
    kind: session.kind,
    ...(session.reversalType ? { reversal_type: session.reversalType } : {}),
    amount: minorToNumber(session.charge.amountMinor),
    instalment: session.instalment,
    reference_no: session.referenceNo ?? null,
    status: session.status,
    created_at: new Date(session.createdAt).toISOString(),
    expires_at: new Date(session.expiresAt).toISOString(),
    deeplink_url: session.deeplinkUrl,
    ...(session.xactId ? { xact_id: session.xactId } : {}),
  };
}

function deviceTransactionView(transaction: DeviceTransaction): Record<string, unknown> {
  return {
    transactionReferenceId: transaction.transactionReferenceId,
    deviceId: transaction.deviceId,
    amount: minorToNumber(transaction.paidAmountMinor),
    installment: transaction.installment,
    status: transaction.status,
    paymentId: transaction.paymentId,
  };
}

function phoneReply(result: PhoneResult): Reply {
  return result.ok ? ok({ session: sessionView(result.session) }) : problem(result.status, result.error);
}

function cardFrom(body: JsonObject): CardBrand {
  const card = body.card ?? 'visa';
  if (typeof card !== 'string' || !(CARD_BRANDS as readonly string[]).includes(card)) throw new InvalidRequest(`card must be one of ${CARD_BRANDS.join(', ')}`);
  return card as CardBrand;
}

function reasonFrom(body: JsonObject): string | undefined {
  const reason = body.reason;
  if (reason === undefined) return undefined;
  if (typeof reason !== 'string' || reason.length > 200) throw new InvalidRequest('reason must be a string of at most 200 characters');
  return reason;
}

function statusFilter(query: URLSearchParams): string | undefined {
  return query.get('status') ?? undefined;
}

/** Forgets everything, ending held device sales and pending webhook deliveries first. */
export function resetSimulator(ctx: SimContext): void {
  ctx.terminal.abortAll('Simülatör sıfırlandı');
  ctx.webhooks.abortAll();
  ctx.webhooks.deliveries.length = 0;
  ctx.faults.clear();
  ctx.quirks.current = ctx.quirks.initial;
  ctx.state.clear();
}

function cardPaymentView(record: CardPaymentRecord): Record<string, unknown> {
  return {
    reference_no: record.referenceNo,
    xact_id: record.xactId,
    id: record.id,
    is_succeed: record.isSucceed,
    amount: minorToNumber(record.charge.amountMinor),
    card_no_masked: record.cardNoMasked,
    created_at: new Date(record.createdAt).toISOString(),
  };
}

function faultsView(ctx: SimContext): Reply {
  return ok({ faults: ctx.faults.list(), held: ctx.faults.held });
}

export function handleControl(ctx: SimContext, method: string, path: string, query: URLSearchParams, body: JsonObject): Reply {
  const parts = path.slice(CONTROL_PREFIX.length).split('/').map(decodeURIComponent);
  // Three segments are always `<collection>/<id>/<action>`; the id is matched as ":id".
  const shape = parts.length === 3 ? `${parts[0]}/:id/${parts[2]}` : parts.join('/');
  const route = `${method} ${shape}`;
  const id = parts.length === 3 ? (parts[1] ?? '') : '';

  switch (route) {
    case 'GET sessions': {
      const status = statusFilter(query);
      const sessions = ctx.state.allSessions().filter((session) => !status || session.status === status);
      return ok({ sessions: sessions.map(sessionView) });
    }
    case 'POST sessions/:id/approve':
      return phoneReply(approveSession(ctx, id, cardFrom(body)));
    case 'POST sessions/:id/decline':
      return phoneReply(declineSession(ctx, id, reasonFrom(body)));
    case 'POST sessions/:id/expire':
      return phoneReply(expireSession(ctx, id));
    case 'POST transactions/:id/age': {
      const days = body.days;
      if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > 3650) throw new InvalidRequest('days must be an integer 0–3650');
      const transaction = ctx.state.transactions.get(id);
      if (!transaction) return problem(404, 'no such transaction');
      transaction.ageDays = days;
      return ok({ xact_id: id, days, xact_date: new Date(transaction.createdAt - days * DAY_MS).toISOString() });
    }
    case 'GET devices':
      return ok({ devices: ctx.options.devices.map((device) => ({ deviceId: device.deviceId, label: device.label, busy: ctx.terminal.isBusy(device.deviceId) })) });
    case 'GET device-transactions': {
      const status = statusFilter(query);
      const transactions = [...ctx.state.deviceTransactions.values()].filter((transaction) => !status || transaction.status === status);
      return ok({ transactions: transactions.map(deviceTransactionView) });
    }
    case 'POST device-transactions/:id/approve':
    case 'POST device-transactions/:id/decline': {
      const transaction = ctx.state.deviceTransactions.get(id);
      if (!transaction) return problem(404, 'no such device transaction');
      const approved = route.endsWith('/approve');
      const finished = approved
        ? ctx.terminal.finish(id, { approved: true, card: cardFrom(body) })
        : ctx.terminal.finish(id, { approved: false, status: 'declined', reason: reasonFrom(body) ?? 'İşlem onaylanmadı' });
      if (!finished) return problem(409, `device transaction is ${transaction.status}`);
      return ok({ transaction: deviceTransactionView(transaction) });
    }
    case 'GET faults':
      return faultsView(ctx);
    case 'POST faults':
      ctx.faults.add(body);
      return faultsView(ctx);
    case 'DELETE faults':
      ctx.faults.clear();
      return faultsView(ctx);
    case 'GET quirks':
      return ok({ quirks: ctx.quirks.current });
    case 'PUT quirks':
      // The whole object: a field left out goes back to the simulator's starting reading.
      ctx.quirks.current = Object.freeze(parseQuirks(body, ctx.quirks.initial));
      return ok({ quirks: ctx.quirks.current });
    case 'PATCH quirks':
      ctx.quirks.current = Object.freeze(parseQuirks(body, ctx.quirks.current));
      return ok({ quirks: ctx.quirks.current });
    case 'DELETE quirks':
      ctx.quirks.current = ctx.quirks.initial;
      return ok({ quirks: ctx.quirks.current });
    case 'GET card-payments': {
      const reference = query.get('reference_no');
      const records = reference !== null ? (ctx.state.cardPayments.get(reference) ?? []) : [...ctx.state.cardPayments.values()].flat();
      return ok({ payments: records.map(cardPaymentView) });
    }
    case 'GET calls':
      return ok({ calls: ctx.state.calls.map((call) => ({ ...call })) });
    case 'GET webhooks':
      return ok({ deliveries: ctx.webhooks.deliveries.map((delivery) => ({ ...delivery })) });
    case 'POST reset':
      resetSimulator(ctx);
      return ok({ reset: true });
    default:
      return problem(404, `no control route ${method} ${path}`);
  }
}
