/**
 * POST /sessions, GET /sessions/:id, POST /sessions/:id/cancel.
 */
import type { CreateSessionRequest, DeviceInfo, Reason } from '../../src/contract.js';
import { formatAmountMinor } from '../decimal.js';
import { PaynetDeclinedError, PaynetError, PaynetUnavailableError, isFateUnknown } from '../errors.js';
import { DeviceErrorCode } from '../paynet/device-codes.js';
import { deviceOutcomeOf } from '../paynet-outcome.js';
import { summaryFromDevice, toSessionResponse, toStatusResponse } from '../session-view.js';
import { statusWaitMsOf } from '../status-wait.js';
import { updateSession, type StoredSession } from '../store/session-store.js';
import { fingerprintOf, newReferenceNo, newSessionId, type BackendContext, type ResolvedOrder } from './context.js';
import { paynetUnavailable } from './error-response.js';
import { HttpError, jsonResponse } from './http-response.js';
import { claimIdempotencyKey } from './idempotency.js';
import { readJsonObject } from './request-body.js';
import { checkAmount, checkInstalment, idempotencyKeyOf, isSessionId, parseCreateSession } from './validation.js';

export const CANCELLED_REASON: Reason = { code: 'cancelled', message: 'The payment was cancelled.' };
/** Deeplink schemes that must never reach a browser, whatever Paynet answers. */
const FORBIDDEN_DEEPLINK_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:']);

export async function handleCreateSession(ctx: BackendContext, request: Request): Promise<Response> {
  const body = await readJsonObject(request, ctx.maxBodyBytes);
  const key = idempotencyKeyOf(request);
  const input = parseCreateSession(body, ctx.maxAmountMinor);
  const device = input.handoff === 'device' ? findDevice(ctx, input.deviceId) : undefined;
  const order = await resolveOrderChecked(ctx, input, request);

  const id = newSessionId();
  const claim = await claimIdempotencyKey(ctx, 'sessions', key, id, await fingerprintOf(body));
  if (claim.type === 'replay') return sessionAnswer(ctx, claim.session);
  let session: StoredSession;
  try {
    session = device ? await startDeviceSale(ctx, id, order, device) : await startPayposSale(ctx, id, order);
  } catch (error) {
    await claim.lease.release().catch((releaseError: unknown) => ctx.onError(releaseError, 'idempotency release'));
    throw error;
  }
  await claim.lease.complete().catch((error: unknown) => ctx.onError(error, 'idempotency lease'));
  return sessionAnswer(ctx, session);
}

/** 201 with the session, advertising long-poll when it is on. */
export function sessionAnswer(ctx: BackendContext, session: StoredSession): Response {
  return jsonResponse(201, toSessionResponse(session, ctx.basePath, ctx.statusWaitSeconds));
}

/**
 * Answered within `answerWithinMs` of Paynet's time: a slow Paynet leaves the stored state (with
 * Retry-After). With `?wait=N` (long-poll on) a `pending` session is then held until its status
 * changes, N seconds pass (counted from the request's arrival) or the client goes, and answered
 * the same way (server/status-wait.ts).
 */
export async function handleGetStatus(ctx: BackendContext, sessionId: string, request: Request, url: URL): Promise<Response> {
  const arrived = performance.now();
  const waitMs = statusWaitMsOf(url, ctx.statusWaitSeconds);
  const stored = await getSession(ctx, sessionId);
  let session = await ctx.refresher.current(stored);
  const leftMs = waitMs - (performance.now() - arrived);
  if (waitMs > 0 && leftMs > 0) session = await ctx.waiters.wait(session, leftMs, request.signal);
  return statusAnswer(ctx, session);
}

/**
 * Asks Paynet first: if the phone already paid, the answer is `succeeded`, not `cancelled`.
 * When Paynet cannot tell (unreachable, or not back within the answer time) the cancel is
 * refused with 503 rather than answered `cancelled` for a sale that may be paid; the element
 * asks again. A payment that lands after the cancel is still found (late-payment window).
 */
export async function handleCancel(ctx: BackendContext, sessionId: string): Promise<Response> {
  let session = await getSession(ctx, sessionId);
  if (session.status === 'pending') {
    const checked = await ctx.refresher.check(session, { force: true });
    session = checked.session;
    if (session.status === 'pending' && (checked.outcome === undefined || checked.outcome.type === 'unknown')) {
      throw paynetUnavailable('Paynet could not confirm whether the payment was already made. Try again in a moment.');
    }
  }
  if (session.status === 'pending') {
    let cancelled = false;
    session =
      (await updateSession(ctx.store, sessionId, (current) => {
        cancelled = current.status === 'pending';
        return cancelled ? { ...current, status: 'cancelled', reason: CANCELLED_REASON } : undefined;
      })) ?? session;
    if (cancelled) ctx.statusChanged(session);
  }
  return statusAnswer(ctx, session);
}

export async function getSession(ctx: BackendContext, sessionId: string): Promise<StoredSession> {
  const session = isSessionId(sessionId) ? await ctx.store.get(sessionId) : undefined;
  if (!session) throw new HttpError(404, 'session_not_found', 'No such payment session.');
  return session;
}

export function statusAnswer(ctx: BackendContext, session: StoredSession): Response {
  const headers: Record<string, string> =
    session.status === 'pending' ? { 'retry-after': String(Math.max(1, Math.ceil(ctx.statusMinIntervalMs / 1000))) } : {};
  return jsonResponse(200, toStatusResponse(session), headers);
}

/** Runs the shop's hook and holds its answer to the same rules as a request. */
export async function resolveOrderChecked(ctx: BackendContext, input: CreateSessionRequest, request: Request): Promise<ResolvedOrder> {
  const order = await ctx.resolveOrder(input, request);
  try {
    const minor = checkAmount(order.amount, ctx.maxAmountMinor);
    return { ...order, amount: formatAmountMinor(minor), instalment: checkInstalment(order.instalment) };
  } catch (error) {
    // The hook is shop code: a bad answer from it is a server bug, not the shopper's input.
    ctx.onError(error, 'resolveOrder returned an invalid order');
    throw new HttpError(500, 'invalid_order', 'The shop could not price this order.');
  }
}

function findDevice(ctx: BackendContext, deviceId: string | undefined): DeviceInfo {
  const device = ctx.devices.find((d) => d.deviceId === deviceId);
  if (!device) throw new HttpError(400, 'unknown_device', 'No such POS terminal in this shop.');
  return device;
}

export function newSession(ctx: BackendContext, fields: Pick<StoredSession, 'id' | 'kind' | 'channel' | 'amount' | 'instalment'> & Partial<StoredSession>): StoredSession {
  const now = ctx.now();
  return {
    referenceNo: newReferenceNo(),
    status: 'pending',
    currency: 'TRY',
    deeplinkUrl: null,
    createdAt: now,
    expiresAt: now + ctx.sessionTtlMs,
    retainUntil: now + ctx.retentionMs,
    secrets: {},
    version: 1,
    ...fields,
  };
}

async function startPayposSale(ctx: BackendContext, id: string, order: ResolvedOrder): Promise<StoredSession> {
  const draft = newSession(ctx, { id, kind: 'sale', channel: 'paypos', amount: order.amount, instalment: order.instalment });
  if (order.reference !== undefined) draft.orderReference = order.reference;
  if (order.description !== undefined) draft.description = order.description;
  const callbackUrl = ctx.callbackUrlFor({ sessionId: id, kind: 'sale', referenceNo: draft.referenceNo });
  // Bounded: nothing can be paid on a payment session whose deeplink never reached the shopper,
  // so giving up on a slow init costs nothing but a retry.
  const answer = await ctx.client.initSaleTransaction(
    {
      amount: order.amount,
      instalment: order.instalment,
      reference_no: draft.referenceNo,
      ...(order.description !== undefined ? { description: order.description } : {}),
      ...(callbackUrl !== undefined ? { callback_url: callbackUrl } : {}),
    },
    { signal: initDeadline(ctx) },
  );
  const session: StoredSession = {
    ...draft,
    deeplinkUrl: checkedDeeplink(answer.deeplink_url),
    secrets: { paymentSessionId: answer.payment_session_id, encryptionKey: answer.encryption_key },
  };
  await insertOrFail(ctx, session);
  return session;
}

/**
 * The device Sale is held by Paynet until the terminal finishes, so it is started and not
 * awaited: the session is answered at once and its status comes from Transaction queries.
 * When the held answer does arrive it is recorded too (whichever is first wins; a success
 * always wins).
 */
async function startDeviceSale(ctx: BackendContext, id: string, order: ResolvedOrder, device: DeviceInfo): Promise<StoredSession> {
  const session = newSession(ctx, {
    id,
    kind: 'sale',
    channel: 'device',
    amount: order.amount,
    instalment: order.instalment,
    device: { deviceId: device.deviceId, label: device.label },
  });
  if (order.reference !== undefined) session.orderReference = order.reference;
  if (order.description !== undefined) session.description = order.description;
  await insertOrFail(ctx, session);

  const sale = ctx.client
    .deviceSale(
      { deviceId: device.deviceId, transactionReferenceId: session.referenceNo, amount: order.amount, paymentType: 'CARD', installment: order.instalment },
      { signal: ctx.shutdown },
    )
    .then(
      (answer) => ctx.refresher.record(id, { type: 'paid', transaction: summaryFromDevice(answer, session) }),
      (error: unknown) => recordDeviceFailure(ctx, id, error),
    )
    .catch((error: unknown) => ctx.onError(error, 'device sale'));
  ctx.track(sale);
  return session;
}

async function recordDeviceFailure(ctx: BackendContext, id: string, error: unknown): Promise<void> {
  if (isFateUnknown(error)) {
    // Timeout, dropped hold or a code we cannot read: the terminal may still finish; Transaction queries will tell.
    if (!ctx.shutdown.aborted) ctx.onError(error, 'device sale');
    return;
  }
  if (error instanceof PaynetDeclinedError) {
    await ctx.refresher.record(id, deviceOutcomeOf(error));
    return;
  }
  if (error instanceof PaynetError && (error.code === DeviceErrorCode.DEVICE_BUSY || error.code === DeviceErrorCode.UNKNOWN_DEVICE)) {
    const reason: Reason =
      error.code === DeviceErrorCode.DEVICE_BUSY
        ? { code: 'device_busy', message: 'The POS terminal is busy with another payment.' }
        : { code: 'device_unavailable', message: 'The POS terminal is not available.' };
    await ctx.refresher.record(id, { type: 'declined', reason });
    return;
  }
  ctx.onError(error, 'device sale');
  await ctx.refresher.record(id, { type: 'declined', reason: { code: 'device_error', message: 'The POS terminal could not start the payment.' } });
}

/** The time a browser-facing init call may take at Paynet, within the request's own deadline. */
export function initDeadline(ctx: BackendContext): AbortSignal {
  return AbortSignal.any([AbortSignal.timeout(ctx.answerWithinMs + 500), ctx.shutdown]);
}

export async function insertOrFail(ctx: BackendContext, session: StoredSession): Promise<void> {
  if (!(await ctx.store.insert(session))) throw new Error(`session id collision: ${session.id}`);
}

/** A deeplink the element could open: an absolute URL with a scheme that cannot run script. */
export function checkedDeeplink(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PaynetUnavailableError('Paynet answered with a deeplink that is not a URL', 'malformed');
  }
  if (FORBIDDEN_DEEPLINK_SCHEMES.has(url.protocol)) {
    throw new PaynetUnavailableError(`Paynet answered with a ${url.protocol} deeplink`, 'malformed');
  }
  return value;
}
