/**
 * The flow's requests: each sent as its effect asks, with one AbortController, and its answer
 * (or failure) fed back to the flow as an event tagged with the request's id. An aborted
 * request's answer is never fed back: the flow has moved on, and the id it carries is stale.
 */
import type { FlowEvent } from '../flow/checkout-machine.js';
import { DEFAULT_POLL_POLICY } from '../flow/poll-policy.js';
import type { CheckoutError, StartRequest } from '../flow/types.js';
import { requestKind } from '../modes/request-kinds.js';
import { toCheckoutError } from '../transport/checkout-error.js';
import { isTransportError } from '../transport/errors.js';
import { createMerchantApi, type MerchantApi } from '../transport/merchant-api.js';
import { withRetries, type RetryClock } from '../transport/retry.js';
import type { CheckoutOptions } from './runner-inputs.js';

interface OpenRequest {
  controller: AbortController;
  /** A one-shot payment (a card) is not aborted on disconnect: its answer may carry a charge. */
  survivesDisconnect: boolean;
}

export class FlowRequests {
  private readonly options: () => CheckoutOptions;
  private readonly clock: RetryClock;
  private readonly dispatch: (event: FlowEvent) => void;
  private readonly open = new Map<number, OpenRequest>();
  private defaultApi: MerchantApi | undefined;

  constructor(options: () => CheckoutOptions, clock: RetryClock, dispatch: (event: FlowEvent) => void) {
    this.options = options;
    this.clock = clock;
    this.dispatch = dispatch;
  }

  /** The request that starts the payment, as its kind sends it, retried with the same key. */
  async send(id: number, request: StartRequest, idempotencyKey: string): Promise<void> {
    const kind = requestKind(request);
    // A one-shot payment's answer may carry a charge: it is not aborted on disconnect.
    const controller = this.begin(id, kind.oneShot);
    const options = this.options();
    const context = { api: this.api(), routes: options.routes };
    // Held only until the answer: a card number must not outlive its request.
    let pending: StartRequest | undefined = request;
    try {
      const answer = await withRetries(this.clock, controller.signal, () => {
        if (pending === undefined) throw new Error('request already released');
        return kind.send(context, pending, idempotencyKey, controller.signal);
      });
      pending = undefined;
      if (this.finish(id, controller)) this.dispatch({ type: 'started', requestId: id, answer });
    } catch (error) {
      pending = undefined;
      if (this.finish(id, controller)) this.dispatch({ type: 'start-failed', requestId: id, error: this.toCheckoutError(error) });
    }
  }

  /** A status check or a cancel: one request, no retry of its own (the flow's poll policy asks again). */
  async ask(kind: 'poll' | 'cancel', id: number, statusUrl: string): Promise<void> {
    const controller = this.begin(id);
    try {
      const answer = kind === 'poll'
        ? await this.api().getStatus(statusUrl, controller.signal)
        : { status: await this.api().cancel(statusUrl, controller.signal), retryAfterMs: undefined };
      if (!this.finish(id, controller)) return;
      const status = answer.status;
      if (kind === 'cancel') this.dispatch({ type: 'cancel-result', requestId: id, status });
      else this.dispatch({ type: 'poll-result', requestId: id, status, ...(answer.retryAfterMs === undefined ? {} : { retryAfterMs: answer.retryAfterMs }) });
    } catch (error) {
      if (!this.finish(id, controller)) return;
      const retryAfterMs = isTransportError(error) ? error.retryAfterMs : undefined;
      const failure = { requestId: id, error: this.toCheckoutError(error), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
      this.dispatch(kind === 'cancel' ? { type: 'cancel-failed', ...failure } : { type: 'poll-failed', ...failure });
    }
  }

  /** The flow dropped what is in flight (cancel, Start again). */
  abortAll(): void {
    for (const [id, request] of [...this.open]) {
      request.controller.abort();
      this.open.delete(id);
    }
  }

  /** The page left: nothing may answer into it, except a payment that may have charged. */
  abortOnDisconnect(): void {
    for (const [id, request] of [...this.open]) {
      if (request.survivesDisconnect) continue;
      request.controller.abort();
      this.open.delete(id);
    }
  }

  private api(): MerchantApi {
    const injected = this.options().api;
    if (injected !== undefined) return injected;
    const policy = this.options().pollPolicy ?? DEFAULT_POLL_POLICY;
    this.defaultApi ??= createMerchantApi({ timeoutMs: policy.requestTimeoutMs });
    return this.defaultApi;
  }

  private begin(id: number, survivesDisconnect = false): AbortController {
    const controller = new AbortController();
    this.open.set(id, { controller, survivesDisconnect });
    return controller;
  }

  /** Settles request `id`; false when it was aborted meanwhile (its answer must not be used). */
  private finish(id: number, controller: AbortController): boolean {
    if (this.open.get(id)?.controller === controller) this.open.delete(id);
    return !controller.signal.aborted;
  }

  private toCheckoutError(error: unknown): CheckoutError {
    return toCheckoutError(error, this.options().describeError);
  }
}
