/**
 * The simulator's state as plain JSON data, for a host that keeps it across its own restarts
 * (a browser tab saving it to storage on every change). A snapshot is read back loosely: one
 * from an older version or a damaged save is refused as a whole, and the simulator starts empty
 * rather than trust half of it.
 */
import type { SimContext } from './context.js';
import type { JsonObject } from './http-io.js';
import { parseQuirks, type Quirks } from './quirks.js';
import type { CallRecord, CardPaymentRecord, DeviceTransaction, PaymentSession, ReferenceOwner, SoftposTransactionRecord } from './state.js';
import type { WebhookDelivery } from './webhook.js';

/** Bumped whenever the shape changes: a snapshot of another format is not restored. */
export const SNAPSHOT_FORMAT = 1;
/** The call log and webhook deliveries are kept to their most recent entries in a snapshot. */
export const MAX_SNAPSHOT_CALLS = 200;

/** Each map of SimState as its entries, in insertion order, so a restore rebuilds it exactly. */
export interface SimSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  sessionKeys: Array<[string, number]>;
  sessions: Array<[string, PaymentSession]>;
  transactions: Array<[string, SoftposTransactionRecord]>;
  cardPayments: Array<[string, CardPaymentRecord[]]>;
  references: Array<[string, ReferenceOwner]>;
  deviceTransactions: Array<[string, DeviceTransaction]>;
  calls: CallRecord[];
  quirks: Quirks;
  webhookDeliveries?: WebhookDelivery[];
}

export function takeSnapshot(ctx: SimContext): SimSnapshot {
  const { state } = ctx;
  return structuredClone({
    format: SNAPSHOT_FORMAT,
    sessionKeys: [...state.sessionKeys],
    sessions: [...state.sessions],
    transactions: [...state.transactions],
    cardPayments: [...state.cardPayments],
    references: [...state.references],
    deviceTransactions: [...state.deviceTransactions],
    calls: state.calls.slice(-MAX_SNAPSHOT_CALLS),
    quirks: { ...ctx.quirks.current },
    webhookDeliveries: ctx.webhooks.deliveries.slice(-MAX_SNAPSHOT_CALLS),
  });
}

/** Puts a checked snapshot's content into an empty simulator (copies: the host may keep using its object). */
export function restoreSnapshot(ctx: SimContext, snapshot: SimSnapshot): void {
  const copy = structuredClone(snapshot);
  const { state } = ctx;
  for (const [key, value] of copy.sessionKeys) state.sessionKeys.set(key, value);
  for (const [key, value] of copy.sessions) state.sessions.set(key, value);
  for (const [key, value] of copy.transactions) state.transactions.set(key, value);
  for (const [key, value] of copy.cardPayments) state.cardPayments.set(key, value);
  for (const [key, value] of copy.references) state.references.set(key, value);
  for (const [key, value] of copy.deviceTransactions) state.deviceTransactions.set(key, value);
  for (const call of copy.calls) state.recordCall(call);
  ctx.webhooks.deliveries.push(...(copy.webhookDeliveries ?? []).slice(-MAX_SNAPSHOT_CALLS));
  ctx.quirks.current = Object.freeze(copy.quirks);
}

type FieldType = 'string' | 'number' | 'boolean' | 'object';

/** Whether `value` is an object whose named fields have these types: a loose check of shape only. */
function shaped(value: unknown, fields: Record<string, FieldType>): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as JsonObject;
  return Object.entries(fields).every(([name, type]) => typeof record[name] === type && record[name] !== null);
}

function entriesOf(value: unknown, valid: (item: unknown) => boolean): boolean {
  return Array.isArray(value) && value.every((entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && valid(entry[1]));
}

const isSession = (value: unknown): boolean =>
  shaped(value, { id: 'string', kind: 'string', status: 'string', charge: 'object', instalment: 'number', createdAt: 'number', expiresAt: 'number', deeplinkUrl: 'string' });
const isTransaction = (value: unknown): boolean =>
  shaped(value, { xactId: 'string', paymentSessionId: 'string', transactionType: 'string', isSucceed: 'boolean', charge: 'object', createdAt: 'number', ageDays: 'number' });
const isCardPayment = (value: unknown): boolean => shaped(value, { referenceNo: 'string', xactId: 'string', isSucceed: 'boolean', charge: 'object', createdAt: 'number' });
const isReference = (value: unknown): boolean => shaped(value, { kind: 'string' });
const isDeviceTransaction = (value: unknown): boolean =>
  shaped(value, { transactionReferenceId: 'string', deviceId: 'string', status: 'string', createdAt: 'number', paidAmountMinor: 'number', paymentId: 'string' });

/** The snapshot when it has the shape `takeSnapshot` writes, else undefined. */
export function readSnapshot(value: unknown, initialQuirks: Readonly<Quirks>): SimSnapshot | undefined {
  if (!shaped(value, { format: 'number', quirks: 'object' })) return undefined;
  const snapshot = value as JsonObject;
  if (snapshot.format !== SNAPSHOT_FORMAT) return undefined;
  const valid =
    entriesOf(snapshot.sessionKeys, (expiry) => typeof expiry === 'number') &&
    entriesOf(snapshot.sessions, isSession) &&
    entriesOf(snapshot.transactions, isTransaction) &&
    entriesOf(snapshot.cardPayments, (list) => Array.isArray(list) && list.every(isCardPayment)) &&
    entriesOf(snapshot.references, isReference) &&
    entriesOf(snapshot.deviceTransactions, isDeviceTransaction) &&
    Array.isArray(snapshot.calls) &&
    snapshot.calls.every((call) => shaped(call, { path: 'string', at: 'string' })) &&
    (snapshot.webhookDeliveries === undefined || (Array.isArray(snapshot.webhookDeliveries) && snapshot.webhookDeliveries.every((delivery) => shaped(delivery, { body: 'object', attempts: 'number', delivered: 'boolean' }))));
  if (!valid) return undefined;
  try {
    return { ...(snapshot as unknown as SimSnapshot), quirks: parseQuirks(snapshot.quirks as JsonObject, initialQuirks) };
  } catch {
    return undefined;
  }
}
