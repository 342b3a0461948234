/**
 * One sale through the kit as a framework serves it, over real HTTP against the simulator:
 * create a session, poll it, pay on the simulated phone, post Paynet's notice, poll to success.
 * Used by the tests of the Express, Fastify and route-handler recipes.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { SessionResponse, StatusResponse } from '../../src/contract.js';
import { eventually, SimControl, startTestSimulator, type Simulator } from './helpers.js';

/**
 * A simulator for the enclosing describe(): started by a `before` and closed by an `after`
 * registered now (hooks run in that order, so register what must close first after this).
 */
export function simulatorForSuite(): { readonly sim: Simulator; readonly control: SimControl } {
  let sim: Simulator | undefined;
  let control: SimControl | undefined;
  before(async () => {
    sim = await startTestSimulator();
    control = new SimControl(sim.url);
  });
  after(() => sim?.close());
  return {
    get sim() {
      assert.ok(sim, 'the simulator starts in before()');
      return sim;
    },
    get control() {
      assert.ok(control, 'the simulator starts in before()');
      return control;
    },
  };
}

/** How the notice is posted: Paynet does not document its content type, so each reaches the kit. */
export type WebhookEncoding = 'json' | 'text' | 'octet-stream' | 'form';

export function webhookRequest(encoding: WebhookEncoding, paymentSessionId: string): { contentType: string; body: string } {
  const notice = { payment_session_id: paymentSessionId, is_succeed: 'true' };
  switch (encoding) {
    case 'json':
      return { contentType: 'application/json', body: JSON.stringify(notice) };
    case 'text':
      return { contentType: 'text/plain', body: JSON.stringify(notice) };
    case 'octet-stream':
      return { contentType: 'application/octet-stream', body: JSON.stringify(notice) };
    case 'form':
      return { contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams(notice).toString() };
  }
}

export interface Sale {
  session: SessionResponse;
  paid: StatusResponse;
}

/** A full PayPOS sale through the kit at `origin` (its routes under /api/paynet). */
export async function sellThrough(origin: string, control: SimControl, webhook: WebhookEncoding = 'json', amount = '42.50'): Promise<Sale> {
  const created = await fetch(`${origin}/api/paynet/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ amount, instalment: 1, currency: 'TRY' }),
  });
  assert.equal(created.status, 201, await created.clone().text());
  const session = (await created.json()) as SessionResponse;
  // The amount read from the body: the body reached the kit whole.
  assert.equal(session.amount, amount);
  assert.ok(session.statusUrl.startsWith('/api/paynet/sessions/'), session.statusUrl);

  const statusUrl = new URL(session.statusUrl, origin);
  const pending = await fetch(statusUrl);
  assert.equal(pending.status, 200);
  assert.equal(((await pending.json()) as StatusResponse).status, 'pending');

  const { payment_session_id: paymentSessionId } = await control.sessionByReference(session.referenceNo);
  await control.approve(paymentSessionId);
  const { contentType, body } = webhookRequest(webhook, paymentSessionId);
  const notice = await fetch(`${origin}/api/paynet/webhook`, { method: 'POST', headers: { 'content-type': contentType }, body });
  // 200 only for a body the kit could read (a missing or unreadable one is 400 invalid_webhook).
  assert.equal(notice.status, 200, await notice.clone().text());
  assert.deepEqual(await notice.json(), { received: true });

  const paid = await eventually(async () => {
    const status = (await (await fetch(statusUrl)).json()) as StatusResponse;
    return status.status === 'pending' ? undefined : status;
  }, 'the session to settle');
  assert.equal(paid.status, 'succeeded');
  assert.equal(paid.transaction?.amount, amount);
  return { session, paid };
}

/** A notice with neither id: the kit must read the body to refuse it, so a 400 proves it did. */
export async function postUnreadableWebhook(origin: string, encoding: WebhookEncoding): Promise<Response> {
  const body = encoding === 'form' ? 'is_succeed=true' : JSON.stringify({ is_succeed: true });
  const { contentType } = webhookRequest(encoding, 'unused');
  return fetch(`${origin}/api/paynet/webhook`, { method: 'POST', headers: { 'content-type': contentType }, body });
}
