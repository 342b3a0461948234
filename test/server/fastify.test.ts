/**
 * The kit inside a real Fastify 5 app over real HTTP, against the simulator, as
 * server/README.md mounts it: an encapsulated plugin that leaves the body unread and hands
 * node's request and response to the Node listener (`reply.hijack()`), so the kit streams the
 * body under its own limit, checks the Host, and keys its rate limit on the socket address,
 * while the rest of the app keeps Fastify's parsers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { createPaynetCheckoutBackend, toNodeListener, type PaynetCheckoutBackend } from '../../server/index.js';
import { postUnreadableWebhook, sellThrough, simulatorForSuite, type WebhookEncoding } from './framework-flow.js';
import { clientConfig, type Simulator } from './helpers.js';
import { rawRequest } from './raw-http.js';
import { readmeBlock, testedRegion } from './readme-code.js';

// README: fastify-plugin
async function paynetRoutes(fastify: FastifyInstance, { backend }: { backend: PaynetCheckoutBackend }): Promise<void> {
  // In this plugin only: leave the body unread, for the kit to stream under its own limit.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null));
  const listener = toNodeListener(backend.handle);
  fastify.all('/api/paynet/*', (request, reply) => {
    reply.hijack(); // the kit writes the answer to node's response itself
    listener(request.raw, reply.raw);
  });
}
// README end

interface Running {
  origin: string;
  close(): Promise<void>;
}

async function start(sim: Simulator): Promise<Running> {
  const backend = createPaynetCheckoutBackend({ paynet: clientConfig(sim.url) });
  const app = Fastify();
  await app.register(paynetRoutes, { backend });
  app.get('/health', async () => 'ok');
  // Fastify's own JSON parser still serves the app's routes outside the plugin.
  app.post('/echo', async (request) => request.body);
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    origin,
    async close() {
      await app.close();
      await backend.close();
    },
  };
}

describe('Fastify 5: the kit in a plugin, through the Node listener', () => {
  const simulator = simulatorForSuite();
  let running: Running;
  before(async () => {
    running = await start(simulator.sim);
  });
  after(() => running.close());

  for (const encoding of ['json', 'text', 'octet-stream'] as const satisfies readonly WebhookEncoding[]) {
    it(`sells, polls and reads a notice sent as ${encoding}`, async () => {
      await sellThrough(running.origin, simulator.control, encoding);
      const unreadable = await postUnreadableWebhook(running.origin, encoding);
      assert.equal(unreadable.status, 400);
      assert.equal(((await unreadable.json()) as { error: { code: string } }).error.code, 'invalid_webhook');
    });
  }

  it("answers a body over the kit's 16 KiB with its own 413, also one over Fastify's 1 MiB", async () => {
    for (const size of [20_000, 2_000_000]) {
      const answer = await fetch(`${running.origin}/api/paynet/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ amount: '1.00', instalment: 1, currency: 'TRY', description: 'x'.repeat(size) }),
      });
      assert.equal(answer.status, 413, String(size));
      assert.equal(((await answer.json()) as { error: { code: string } }).error.code, 'payload_too_large');
    }
  });

  it('keeps the Host check: a request for another host is refused with 421', async () => {
    const answer = await rawRequest(running.origin, { method: 'GET', target: '/api/paynet/devices', host: 'evil.example' });
    assert.equal(answer.status, 421);
    assert.equal((JSON.parse(answer.body) as { error: { code: string } }).error.code, 'host_not_allowed');
  });

  it("leaves the rest of the app to Fastify, with Fastify's own body parsing", async () => {
    assert.equal(await (await fetch(`${running.origin}/health`)).text(), 'ok');
    const echo = await fetch(`${running.origin}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    assert.deepEqual(await echo.json(), { a: 1 });
    const elsewhere = await fetch(`${running.origin}/api/other`);
    assert.equal(elsewhere.status, 404);
    assert.equal(((await elsewhere.json()) as { error?: string }).error, 'Not Found'); // Fastify's 404, not the kit's
  });

  it("is the code server/README.md shows", () => {
    assert.equal(readmeBlock('test/server/fastify.test.ts', 'fastify-plugin'), testedRegion('test/server/fastify.test.ts', 'fastify-plugin'));
  });
});
