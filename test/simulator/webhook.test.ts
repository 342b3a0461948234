import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { control, paymentSessionId, softposClient, startTestSimulator } from './helpers.js';

interface Receiver {
  url: string;
  bodies: unknown[];
  /** Every request received, accepted or not. */
  requests: number;
  /** Resolves with the next body received. */
  next(): Promise<unknown>;
}

/** A local webhook receiver answering the given statuses in turn (then 200). */
async function startReceiver(statuses: number[] = []): Promise<Receiver> {
  const bodies: unknown[] = [];
  let requests = 0;
  let waiting: ((body: unknown) => void) | undefined;
  const server: Server = createServer((request: IncomingMessage, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => {
      requests++;
      const status = statuses.shift() ?? 200;
      if (status === 200) {
        const body: unknown = JSON.parse(text);
        bodies.push(body);
        waiting?.(body);
        waiting = undefined;
      }
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/paynet/webhook`,
    bodies,
    get requests() {
      return requests;
    },
    next: () => new Promise((resolve) => (waiting = resolve)),
  };
}

describe('simulator: webhook after a successful approve', async () => {
  it('POSTs the transaction notice to webhookUrl', async () => {
    const receiver = await startReceiver();
    const sim = await startTestSimulator({ webhookUrl: receiver.url });
    const softpos = await softposClient(sim);
    const id = paymentSessionId(await softpos('init_sale_transaction', { amount: 99.99, reference_no: 'hook-1' }));
    const received = receiver.next();
    await control(sim, `sessions/${id}/approve`);
    const [transaction] = (await softpos('check_transaction', { payment_session_id: id })).body.Data as Array<{ xact_id: string }>;
    assert.deepEqual(await received, {
      object_name: 'SoftposTransaction',
      payment_session_id: id,
      reference_no: 'hook-1',
      xact_id: transaction?.xact_id,
      is_succeed: true,
    });
  });

  it('retries a receiver that fails, until it accepts', async () => {
    const receiver = await startReceiver([500]);
    const sim = await startTestSimulator({ webhookUrl: receiver.url });
    const softpos = await softposClient(sim);
    const id = paymentSessionId(await softpos('init_sale_transaction', { amount: 5 }));
    const received = receiver.next();
    await control(sim, `sessions/${id}/approve`);
    assert.equal(((await received) as { payment_session_id: string }).payment_session_id, id);
    assert.equal(receiver.requests, 2);
    assert.equal(sim.state.webhookDeliveries[0]?.attempts, 2);
  });

  it('sends nothing for a decline, and goes to the URL set later with setWebhookUrl', async () => {
    const receiver = await startReceiver();
    const sim = await startTestSimulator();
    const softpos = await softposClient(sim);
    const declined = paymentSessionId(await softpos('init_sale_transaction', { amount: 5 }));
    await control(sim, `sessions/${declined}/decline`);
    sim.setWebhookUrl(receiver.url);
    const approved = paymentSessionId(await softpos('init_sale_transaction', { amount: 5 }));
    const received = receiver.next();
    await control(sim, `sessions/${approved}/approve`);
    assert.equal(((await received) as { payment_session_id: string }).payment_session_id, approved);
    assert.equal(receiver.bodies.length, 1);
  });

  it('keeps answering when the receiver is unreachable', async () => {
    // A port that was free a moment ago and has nobody listening now.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const sim = await startTestSimulator({ webhookUrl: `http://127.0.0.1:${port}/webhook` });
    const softpos = await softposClient(sim);
    const id = paymentSessionId(await softpos('init_sale_transaction', { amount: 5 }));
    assert.equal((await control(sim, `sessions/${id}/approve`)).status, 200);
    assert.equal((await softpos('check_transaction', { payment_session_id: id })).status, 200);
  });
});
