/**
 * The POS device cloud API (seed 003, camelCase): a Sale held until the terminal finishes,
 * and the Transaction query. Bearer token auth; errors are `{status: "failure", errorCode,
 * errorMessage}`, HTTP 401 for a bad token and 400 otherwise.
 */
import { DeviceErrorCode } from '../server/paynet/index.js';
import { PRESENTED_CARDS } from './cards.js';
import { deviceDateTime, devicePaymentDate } from './clock.js';
import type { ApiHandler, ApiRequest, SimContext } from './context.js';
import { newUuid, randomDigits } from './ids.js';
import { minorFromNumber, minorToNumber } from './money.js';
import type { Answer } from './quirks.js';
import { InvalidRequest, deviceError, deviceOk } from './replies.js';
import type { DeviceTransaction } from './state.js';
import { optionalInteger, optionalString, requiredString } from './validate.js';

const MAX_DEVICE_ID_LENGTH = 64;
const MAX_INSTALLMENT = 12;
const CURRENCIES: readonly string[] = ['TRY', 'USD', 'EUR'];
const PAYMENT_TYPES: readonly string[] = ['CARD', 'CASH'];
/** The simulated acquirer behind every terminal (values from seed 003's examples). */
const ACQUIRER = { acquirerBankId: 12, merchantId: '000000001234', terminalId: '00001234', issuerId: 59, batchNo: '001', posEntryMode: '07' } as const;

function tokenProblem(request: ApiRequest): Answer | undefined {
  return request.credentials.deviceToken ? undefined : deviceError(DeviceErrorCode.UNAUTHORIZED, 'Geçersiz erişim anahtarı');
}

function positiveAmount(request: ApiRequest, name: string): number {
  const minor = minorFromNumber(request.body[name]);
  if (minor === undefined) throw new InvalidRequest(`${name} must be a number greater than 0 with at most 2 decimals`);
  return minor;
}

/** The seed 003 response for a transaction the terminal has finished (or is working on). */
function transactionFields(transaction: DeviceTransaction, conversationId: string, now: number): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    conversationId,
    systemTime: now,
    deviceId: transaction.deviceId,
    transactionReferenceId: transaction.transactionReferenceId,
    transactionDate: deviceDateTime(transaction.createdAt),
    paymentId: transaction.paymentId,
    paymentDate: devicePaymentDate(transaction.createdAt),
    amount: minorToNumber(transaction.paidAmountMinor),
    installment: transaction.installment,
    currency: transaction.currency,
  };
  if (transaction.status === 'approved' && transaction.cardBrand) {
    const card = PRESENTED_CARDS[transaction.cardBrand];
    Object.assign(fields, {
      ...ACQUIRER,
      authCode: transaction.authCode,
      binNumber: card.pan.slice(0, 6),
      lastFourDigits: card.pan.slice(-4),
      hostReference: transaction.hostReference,
      cardType: card.cardType,
      stan: transaction.stan,
      saleNumber: transaction.saleNumber,
    });
  }
  return fields;
}

/** The answer for a transaction in its current state: success, in progress, or failure. */
function answerFor(ctx: SimContext, transaction: DeviceTransaction, conversationId: string): Answer {
  const fields = transactionFields(transaction, conversationId, ctx.options.now());
  switch (transaction.status) {
    case 'approved':
      return deviceOk({ status: 'success', errorCode: DeviceErrorCode.OK, errorMessage: '', ...fields });
    case 'pending':
      return deviceError(DeviceErrorCode.IN_PROGRESS, 'İşlem devam ediyor', fields);
    case 'declined':
    case 'expired':
      return deviceError(DeviceErrorCode.DECLINED, transaction.declineReason ?? 'İşlem onaylanmadı', fields);
  }
}

export const handleDeviceSale: ApiHandler = async (ctx, request) => {
  const problem = tokenProblem(request);
  if (problem) return problem;
  const { body } = request;
  const deviceId = requiredString(body, 'deviceId', MAX_DEVICE_ID_LENGTH);
  const transactionReferenceId = requiredString(body, 'transactionReferenceId', 64);
  const amountMinor = positiveAmount(request, 'amount');
  const paidAmountMinor = positiveAmount(request, 'paidAmount');
  if (paidAmountMinor > amountMinor) throw new InvalidRequest('paidAmount must not exceed amount');
  const paymentType = optionalString(body, 'paymentType', 16) ?? 'CARD';
  if (!PAYMENT_TYPES.includes(paymentType)) throw new InvalidRequest(`paymentType must be one of ${PAYMENT_TYPES.join(', ')}`);
  const currency = optionalString(body, 'currency', 3) ?? 'TRY';
  if (!CURRENCIES.includes(currency)) throw new InvalidRequest(`currency must be one of ${CURRENCIES.join(', ')}`);
  const installment = optionalInteger(body, 'installment', 1, MAX_INSTALLMENT) ?? 1;
  const documentType = optionalInteger(body, 'documentType', 1, 9);
  if (documentType !== undefined && documentType !== 1 && documentType !== 9) throw new InvalidRequest('documentType must be 1 or 9');
  const language = optionalString(body, 'language', 8) || 'TR';
  const conversationId = optionalString(body, 'conversationId', 64) || newUuid();
  for (const name of ['saleApplicationName', 'saleApplicationVersion', 'phoneNumber']) optionalString(body, name, 64);

  if (!ctx.options.devices.some((device) => device.deviceId === deviceId)) {
    return deviceError(DeviceErrorCode.UNKNOWN_DEVICE, 'Cihaz bulunamadı', { conversationId, deviceId });
  }
  if (ctx.state.deviceTransactions.has(transactionReferenceId)) {
    return deviceError(DeviceErrorCode.DUPLICATE_REFERENCE, 'transactionReferenceId daha önce kullanılmış', { conversationId, transactionReferenceId });
  }
  if (ctx.terminal.isBusy(deviceId)) return deviceError(DeviceErrorCode.DEVICE_BUSY, 'Cihaz başka bir işlemde', { conversationId, deviceId });

  const transaction: DeviceTransaction = {
    transactionReferenceId,
    deviceId,
    conversationId,
    language,
    amountMinor,
    paidAmountMinor,
    installment,
    currency,
    paymentType,
    status: 'pending',
    createdAt: ctx.options.now(),
    paymentId: `PAY-${randomDigits(10)}`,
  };
  ctx.terminal.begin(transaction);
  await ctx.terminal.settled(transactionReferenceId);
  return answerFor(ctx, transaction, conversationId);
};

export const handleDeviceQuery: ApiHandler = (ctx, request) => {
  const problem = tokenProblem(request);
  if (problem) return problem;
  const { body } = request;
  const paymentId = optionalString(body, 'paymentId', 64);
  const transactionReferenceId = optionalString(body, 'transactionReferenceId', 64);
  const deviceId = optionalString(body, 'deviceId', MAX_DEVICE_ID_LENGTH);
  const conversationId = optionalString(body, 'conversationId', 64) || newUuid();
  optionalString(body, 'language', 8);
  if (!paymentId && !transactionReferenceId) throw new InvalidRequest('paymentId or transactionReferenceId is required');
  const transaction = transactionReferenceId ? ctx.state.deviceTransactions.get(transactionReferenceId) : ctx.state.deviceTransactionByPaymentId(paymentId ?? '');
  const matches = transaction && (!paymentId || transaction.paymentId === paymentId) && (!deviceId || transaction.deviceId === deviceId);
  if (!transaction || !matches) return deviceError(DeviceErrorCode.NOT_FOUND, 'İşlem bulunamadı', { conversationId });
  return answerFor(ctx, transaction, conversationId);
};
