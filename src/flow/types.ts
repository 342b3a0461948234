/**
 * Types of the payment flow, shared by the pure machine (flow/), the controller that runs its
 * effects (controllers/), and the element that renders its state. No runtime code here.
 */
import type {
  CardPaymentRequest,
  Reason,
  SessionResponse,
  SessionStatus,
  TransactionSummary,
} from '../contract.js';

/** How the element hands the session to PayPOS, after `auto` was resolved for this device. */
export type ResolvedHandoff = 'qr' | 'deeplink' | 'device';

/** What the merchant asked for in the `handoff` attribute. */
export type HandoffPreference = 'auto' | 'qr' | 'deeplink' | 'device';

/** What a press of Pay (or Refund) asks the backend for. */
export type StartRequest =
  | {
      kind: 'sale';
      amount: string;
      instalment: number;
      reference?: string;
      description?: string;
      handoff: ResolvedHandoff;
      /** Required when handoff is 'device'. */
      deviceId?: string;
    }
  | {
      kind: 'reversal';
      saleSessionId: string;
      reference?: string;
      handoff: Exclude<ResolvedHandoff, 'device'>;
    }
  | {
      /** Card payment without 3D: one request, final answer, no handoff, no polling. */
      kind: 'card';
      payment: CardPaymentRequest;
    };

/** A problem the shopper can read. `message` is plain text from our strings or the backend. */
export interface CheckoutError {
  /** e.g. "network", "timeout", "http_500", "malformed_response", "unsafe_deeplink", or the backend's error.code. */
  code: string;
  message: string;
  /** True when pressing the same button again may work. */
  retryable: boolean;
}

/**
 * The state the element renders. A closed union: render is a switch over `status`.
 * `awaiting` has live timers, and so has `cancelled` while its late watch runs (the phone may
 * still pay until the session expires at Paynet); every other state is still.
 */
export type CheckoutState =
  | { status: 'idle' }
  | { status: 'creating'; request: StartRequest }
  | {
      status: 'awaiting';
      session: SessionResponse;
      handoff: ResolvedHandoff;
      /** The last poll failed (network / 5xx); polling goes on with backoff. */
      reconnecting: boolean;
      /** Cancel was pressed; waiting for the backend's answer (which may still be success). */
      cancelling: boolean;
    }
  | { status: 'succeeded'; session?: SessionResponse; transaction: TransactionSummary }
  | { status: 'failed'; session?: SessionResponse; reason: Reason }
  | { status: 'expired'; session: SessionResponse }
  | { status: 'cancelled'; session: SessionResponse }
  /**
   * The backend could not learn the payment's fate from Paynet and the shop will check it by
   * hand (`needs_review`). Not a failure: money may have been taken, so nothing here invites
   * the shopper to pay again. `session` is absent after a card payment.
   */
  | { status: 'needs_review'; session?: SessionResponse; reason: Reason }
  | { status: 'error'; error: CheckoutError; session?: SessionResponse };

export type CheckoutStatus = CheckoutState['status'];

/** What `el.pay()` resolves with: the terminal state of that attempt. */
export type CheckoutResult = Extract<
  CheckoutState,
  { status: 'succeeded' | 'failed' | 'expired' | 'cancelled' | 'needs_review' | 'error' }
>;

/**
 * What the controller tells its host, once per real flow transition. The element turns each
 * into one DOM event (`paynet-<type>`). Exactly one terminal notice (success, failure, expired,
 * cancel, review, or error after a session existed) per session, plus at most one `late` one
 * after a cancel: a success, or a review when the backend can no longer tell whether the phone
 * paid (either may arrive while a later session is shown: `background`).
 */
export type CheckoutNotice =
  | { type: 'session'; session: SessionResponse; handoff: ResolvedHandoff }
  | { type: 'status'; status: SessionStatus | CheckoutStatus; previous: CheckoutStatus; sessionId?: string }
  | {
      type: 'success';
      transaction: TransactionSummary;
      sessionId?: string;
      late: boolean;
      /** Found by the watch of an earlier, cancelled session, while the element shows another. */
      background?: true;
    }
  | { type: 'failure'; reason: Reason; sessionId?: string }
  | {
      /** The session is `needs_review`: its fate is for the shop to settle, not a failure. */
      type: 'review';
      reason: Reason;
      sessionId: string;
      /** The session in question (what was to be paid); absent after a card payment. */
      session?: SessionResponse;
      /** Found by the watch after a cancel was already reported. */
      late: boolean;
      /** Found by the watch of an earlier, cancelled session, while the element shows another. */
      background?: true;
    }
  | { type: 'expired'; sessionId: string }
  | { type: 'cancel'; sessionId: string }
  | { type: 'error'; error: CheckoutError; sessionId?: string }
  /** A deeplink handoff is ready: the host launches it (DOM navigation is the host's job). */
  | { type: 'launch'; url: string };
