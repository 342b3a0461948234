/**
 * The PayPOS App2App endpoints (seeds 000–002): start a sale, read its result, start a
 * cancel or refund. Every call needs a live Session-Key.
 */
import { sessionKeyProblem } from './agent.js';
import { DAY_MS, istanbulDay } from './clock.js';
import type { ApiHandler, SimContext } from './context.js';
import { newEncryptionKey, newPaymentSessionId } from './ids.js';
import { chargeFor, minorFromNumber, type Charge } from './money.js';
import { InvalidRequest, errors, paynetOk } from './replies.js';
import type { PaymentSession, ReversalType, SoftposTransactionRecord } from './state.js';
import { softposTransactionWire } from './transaction-wire.js';
import { optionalBoolean, optionalInteger, optionalString, requiredString } from './validate.js';

/** Documented assumption: the reference does not give PayPOS's deeplink scheme. */
export function deeplinkFor(paymentSessionId: string): string {
  return `paypos://pay?session=${encodeURIComponent(paymentSessionId)}`;
}

const MAX_INSTALMENT = 12;

function openSession(ctx: SimContext, fields: Pick<PaymentSession, 'kind' | 'charge' | 'instalment'> & Partial<PaymentSession>): PaymentSession {
  const now = ctx.options.now();
  const id = newPaymentSessionId();
  const session: PaymentSession = {
    ...fields,
    id,
    status: 'pending',
    createdAt: now,
    expiresAt: now + ctx.options.paymentSessionTtlMs,
    deeplinkUrl: deeplinkFor(id),
    encryptionKey: newEncryptionKey(),
  };
  ctx.state.sessions.set(id, session);
  if (session.referenceNo !== undefined) ctx.state.references.set(session.referenceNo, { kind: 'softpos', paymentSessionId: id });
  return session;
}

function sessionAnswer(session: PaymentSession): Record<string, unknown> {
  return { payment_session_id: session.id, deeplink_url: session.deeplinkUrl, encryption_key: session.encryptionKey };
}

export const handleInitSale: ApiHandler = (ctx, request) => {
  const problem = sessionKeyProblem(ctx, request);
  if (problem) return problem;
  const { body } = request;
  if (body.amount === undefined) throw new InvalidRequest('amount is required');
  const amountMinor = minorFromNumber(body.amount);
  if (amountMinor === undefined) throw new InvalidRequest('amount must be a number greater than 0 with at most 2 decimals');
  const instalment = optionalInteger(body, 'instalment', 0, MAX_INSTALMENT) ?? 0;
  const addCommission = optionalBoolean(body, 'add_commission') ?? false;
  const referenceNo = optionalString(body, 'reference_no', 64);
  const callbackUrl = optionalString(body, 'callback_url', 2048);
  const description = optionalString(body, 'description', 512);
  for (const name of ['card_holder_phone', 'card_holder_mail', 'selected_agent_id']) optionalString(body, name);
  if (referenceNo !== undefined && ctx.state.references.has(referenceNo)) return errors.duplicate('reference_no daha önce kullanılmış');
  const session = openSession(ctx, {
    kind: 'sale',
    charge: chargeFor(amountMinor, addCommission),
    instalment,
    ...(referenceNo === undefined ? {} : { referenceNo }),
    ...(callbackUrl === undefined ? {} : { callbackUrl }),
    ...(description === undefined ? {} : { description }),
  });
  return paynetOk('softpos_payment_session', sessionAnswer(session));
};

export const handleCheckTransaction: ApiHandler = (ctx, request) => {
  const problem = sessionKeyProblem(ctx, request);
  if (problem) return problem;
  const id = requiredString(request.body, 'payment_session_id');
  const session = ctx.state.session(id);
  if (!session) return errors.noData('payment_session_id bulunamadı');
  // Past its lifetime, unpaid: nothing was paid and nothing more can be (the pages say no more).
  if (session.status === 'expired' && ctx.quirks.current.expiredSession === 'nodata') return errors.noData('Ödeme oturumunun süresi doldu');
  const record = session.xactId ? ctx.state.transactions.get(session.xactId) : undefined;
  const data = record ? [softposTransactionWire(record, ctx.options.agentId)] : [];
  return paynetOk('softpos_transaction_list', { Data: data });
};

/** Same Istanbul calendar day as the (possibly aged) sale → cancel; any later day → refund. */
function reversalTypeFor(sale: SoftposTransactionRecord, now: number): ReversalType {
  const saleTime = sale.createdAt - sale.ageDays * DAY_MS;
  return istanbulDay(saleTime) === istanbulDay(now) ? 'cancel' : 'refund';
}

function hasPendingReversal(ctx: SimContext, xactId: string): boolean {
  return ctx.state.allSessions().some((session) => session.kind === 'reversal' && session.originalXactId === xactId && session.status === 'pending');
}

export const handleInitReversal: ApiHandler = (ctx, request) => {
  const problem = sessionKeyProblem(ctx, request);
  if (problem) return problem;
  const { body } = request;
  const xactId = requiredString(body, 'xact_id', 512);
  const referenceNo = optionalString(body, 'reference_no', 64);
  const callbackUrl = optionalString(body, 'callback_url', 2048);
  const sale = ctx.state.transactions.get(xactId);
  if (!sale) return errors.noData('İşlem bulunamadı');
  if (sale.transactionType !== 'sale') return errors.noProcess('Bir iptal/iade işlemi iptal edilemez');
  if (!sale.isSucceed) return errors.noProcess('Başarısız işlem iptal/iade edilemez');
  if (sale.reversedByXactId) return errors.noProcess('İşlem daha önce iptal/iade edilmiş');
  // Two open reversal sessions could both be approved on the phone and give the money back twice.
  if (hasPendingReversal(ctx, xactId)) return errors.noProcess('Bu işlem için devam eden bir iptal/iade var');
  if (referenceNo !== undefined && ctx.state.references.has(referenceNo)) return errors.duplicate('reference_no daha önce kullanılmış');
  const charge: Charge = sale.charge;
  const session = openSession(ctx, {
    kind: 'reversal',
    reversalType: reversalTypeFor(sale, ctx.options.now()),
    originalXactId: xactId,
    charge,
    instalment: sale.instalment,
    ...(referenceNo === undefined ? {} : { referenceNo }),
    ...(callbackUrl === undefined ? {} : { callbackUrl }),
  });
  return paynetOk('softpos_payment_session', sessionAnswer(session));
};
