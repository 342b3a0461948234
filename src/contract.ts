/**
 * The merchant-backend contract: the only network peer of `<paynet-checkout>`.
 *
 * The element never talks to Paynet. It talks to the shop's own backend, which holds
 * the Paynet secrets (secret_key, session_key, encryption_key) and implements these
 * routes (the kit in `server/` does, see README "Backend contract"). Types only: this
 * module is shared by the browser element and the Node server kit, so it must stay free
 * of runtime code and of anything DOM- or Node-specific.
 *
 * Amounts travel as decimal strings with a dot and exactly two decimals ("149.90"):
 * never as JS numbers, so no float rounding can change what is charged.
 */

/** ISO 4217 code. Paynet PayPOS settles in TRY only today. */
export type Currency = 'TRY';

/** How the payment reaches a card: the PayPOS phone app, or a cloud-connected POS terminal. */
export type SessionHandoff = 'paypos' | 'device';

/** What a session does: take money (sale) or give it back (reversal = cancel or refund). */
export type SessionKind = 'sale' | 'reversal';

/**
 * Status of a session as the backend sees it. Everything except `pending` is final for the
 * shopper. `needs_review`: the backend could not learn the payment's fate from Paynet within
 * its window (Paynet unreachable, or an answer it cannot read); the shop reconciles it by hand.
 * It is not a failure: money may have been taken, so the shopper must not be told to pay again.
 */
export type SessionStatus = 'pending' | 'succeeded' | 'failed' | 'expired' | 'cancelled' | 'needs_review';

export const FINAL_STATUSES: readonly SessionStatus[] = ['succeeded', 'failed', 'expired', 'cancelled', 'needs_review'];

/**
 * `POST {session-url}`, header `Idempotency-Key: <uuid>` (a retry of the same press sends
 * the same key and gets the same session back, never a second one).
 */
export interface CreateSessionRequest {
  /** What the browser believes the amount is. The backend decides (resolveOrder hook). */
  amount: string;
  /** 1 = single payment. */
  instalment: number;
  currency: Currency;
  /** Shop's order reference, if the page knows it. */
  reference?: string;
  description?: string;
  /** Default 'paypos'. 'device' sends the sale to a cloud POS terminal. */
  handoff?: SessionHandoff;
  /** Required when handoff is 'device': one of `GET {devices-url}`'s ids. */
  deviceId?: string;
}

/**
 * `POST {reversal-url}` (cancel or refund a paid sale), header `Idempotency-Key`.
 * The browser names the sale by the session id the backend gave it; the backend looks up
 * the sale's `xact_id` in its own records. The browser never supplies an `xact_id`.
 */
export interface CreateReversalRequest {
  saleSessionId: string;
  reference?: string;
}

/** 201 answer to a session or reversal creation. Never contains a Paynet secret. */
export interface SessionResponse {
  sessionId: string;
  kind: SessionKind;
  handoff: SessionHandoff;
  /** The merchant's reference_no sent to Paynet (unique per session). */
  referenceNo: string;
  /** The amount the backend actually asked Paynet for (may differ from the request). */
  amount: string;
  currency: Currency;
  instalment: number;
  /** PayPOS deeplink; null for device handoff. The element opens it only if its scheme is allowed. */
  deeplinkUrl: string | null;
  /** When the backend stops waiting for the phone (ISO 8601). */
  expiresAt: string;
  /** Absolute, or relative to the URL that created the session. Cancel is `${statusUrl}/cancel`. */
  statusUrl: string;
  /** Present for device handoff. */
  device?: DeviceInfo;
  /**
   * Long-poll, advertised: the backend holds `GET {statusUrl}?wait=N` while the session is
   * `pending`, for at most N seconds (N up to this value; a larger one is cut to it), and
   * answers as soon as the status changes — the same JSON and Retry-After as a plain GET. An
   * element that sees it sends `?wait=N` and asks again at once after a `pending` answer; absent
   * (an older backend, or long-poll turned off), the element polls on its interval as before,
   * and an older element ignores it. Seconds, > 0.
   */
  statusWaitSeconds?: number;
}

export interface DeviceInfo {
  deviceId: string;
  label: string;
}

/** `GET {devices-url}` → 200. */
export interface DevicesResponse {
  devices: DeviceInfo[];
}

/** What the shopper/shop sees of a transaction. Card data is masked; no secret. */
export interface TransactionSummary {
  /** Paynet's (encrypted) transaction id; absent for device payments. */
  xactId?: string;
  xactDate?: string;
  referenceNo: string;
  amount: string;
  currency: Currency;
  instalment: number;
  /** e.g. "4546 71** **** 1234". */
  cardMasked?: string;
  cardHolder?: string;
  authorizationCode?: string;
  /** Device flow: payment id and host references for void/refund. */
  paymentId?: string;
  hostReference?: string;
  voidHostReference?: string;
  refundHostReference?: string;
}

export interface Reason {
  /** Stable machine code, e.g. "declined", "insufficient_funds", "not_reversible". */
  code: string;
  /** Human-readable; shown as text, never as HTML. */
  message: string;
}

/**
 * `GET {statusUrl}` → 200, with `Retry-After: <seconds>` as a polling hint.
 * `POST {statusUrl}/cancel` → 200 with the same shape: if the phone already paid, the answer
 * is `succeeded`, and the element reports success, not cancel.
 */
export interface StatusResponse {
  sessionId: string;
  kind: SessionKind;
  status: SessionStatus;
  expiresAt: string;
  /** Present when status is `succeeded`. */
  transaction?: TransactionSummary;
  /**
   * Present when status is `failed` (and optionally `cancelled`/`expired`); for
   * `needs_review`, code "needs_review" and a message for the shopper.
   */
  reason?: Reason;
}

/**
 * `POST {payment-url}` — card payment without 3D (opt-in, `methods="paypos card"`).
 * Header `Idempotency-Key`: a retry after a timeout reuses the key, the backend reuses the
 * same reference_no, and Paynet answers code 100 for a previous success. Never double charge.
 * Answer: 200 StatusResponse with a final status (succeeded or failed).
 */
export interface CardPaymentRequest {
  amount: string;
  instalment: number;
  currency: Currency;
  reference?: string;
  card: {
    holder: string;
    /** Digits only. */
    number: string;
    /** 1–12. */
    month: number;
    /** Four digits. */
    year: number;
    cvc: string;
  };
}

/** Every 4xx/5xx answer. `message` is shown as text. */
export interface ErrorResponse {
  error: Reason;
}
