import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SessionResponse, StatusResponse } from '../../src/contract.js';
import { start as startHono } from '../../examples/hono.js';
import { start as startNodeHttp } from '../../examples/node-http.js';
import { SIM_AGENT_ID, SIM_SECRET_KEY, SIM_USER_ID, SimControl, startTestSimulator, type Simulator } from './helpers.js';

const examples = [
  ['node:http', startNodeHttp],
  ['Hono', startHono],
] as const;

describe('examples run a full sale against the simulator', () => {
  let sim: Simulator;
  let control: SimControl;
  before(async () => {
    sim = await startTestSimulator();
    control = new SimControl(sim.url);
  });
  after(async () => {
    await sim.close();
  });

  for (const [name, start] of examples) {
    it(`sells through the ${name} example: create, pay on the phone, poll to success`, async () => {
      const running = await start({ port: 0, paynetBaseUrl: sim.url, paynet: { secretKey: SIM_SECRET_KEY, agentId: SIM_AGENT_ID, userId: SIM_USER_ID } });
      try {
        const created = await fetch(`${running.url}/api/paynet/sessions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
          body: JSON.stringify({ amount: '42.50', instalment: 1, currency: 'TRY' }),
        });
        assert.equal(created.status, 201);
        const session = (await created.json()) as SessionResponse;
        const statusUrl = new URL(session.statusUrl, running.url);
        assert.equal(((await (await fetch(statusUrl)).json()) as StatusResponse).status, 'pending');
        await control.approve((await control.sessionByReference(session.referenceNo)).payment_session_id);
        const webhook = await fetch(`${running.url}/api/paynet/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ payment_session_id: (await control.sessionByReference(session.referenceNo)).payment_session_id, is_succeed: true }),
        });
        assert.equal(webhook.status, 200);
        const paid = (await (await fetch(statusUrl)).json()) as StatusResponse;
        assert.equal(paid.status, 'succeeded');
        assert.equal(paid.transaction?.amount, '42.50');
      } finally {
        await running.close();
      }
    });
  }
});
