/**
 * POST /webhook: Paynet's "successful transaction" notice. Its body is a hint, never proof and
 * never a command: the session is found by payment_session_id (or reference_no) and handed to
 * the refresher as a hint, which checks Paynet within the session's single flight and minimum
 * interval — so a forged or repeated burst costs at most one or two Paynet calls and changes
 * nothing Paynet does not confirm. Unknown references cost no Paynet call at all. Answers 200
 * to every well-formed body (known session or not) so Paynet does not retry needlessly, 400 to
 * a malformed one, and never waits for Paynet.
 */
import type { BackendContext } from './context.js';
import { HttpError, jsonResponse } from './http-response.js';
import { readJsonObject } from './request-body.js';

const MAX_ID_LENGTH = 200;

export interface WebhookBody {
  object_name?: string;
  payment_session_id?: string;
  reference_no?: string;
  xact_id?: string;
  is_succeed?: boolean;
}

export function parseWebhook(body: Record<string, unknown>): WebhookBody {
  const text = (field: string): string | undefined => {
    const value = body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH) {
      throw new HttpError(400, 'invalid_webhook', `${field} must be a non-empty string.`);
    }
    return value;
  };
  const parsed: WebhookBody = {};
  const paymentSessionId = text('payment_session_id');
  const referenceNo = text('reference_no');
  if (paymentSessionId === undefined && referenceNo === undefined) {
    throw new HttpError(400, 'invalid_webhook', 'payment_session_id or reference_no is required.');
  }
  if (paymentSessionId !== undefined) parsed.payment_session_id = paymentSessionId;
  if (referenceNo !== undefined) parsed.reference_no = referenceNo;
  return parsed;
}

export async function handleWebhook(ctx: BackendContext, request: Request): Promise<Response> {
  // Paynet's content type is not documented: parse JSON whatever the header says.
  const notice = parseWebhook(await readJsonObject(request, ctx.maxBodyBytes, { requireJsonType: false }));
  const session =
    (notice.payment_session_id !== undefined ? await ctx.store.findByPaymentSessionId(notice.payment_session_id) : undefined) ??
    (notice.reference_no !== undefined ? await ctx.store.findByReferenceNo(notice.reference_no) : undefined);
  if (session) ctx.refresher.hint(session);
  return jsonResponse(200, { received: true });
}
