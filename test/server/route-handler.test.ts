/**
 * The kit behind web-standard route handlers (Next.js app router: GET/POST/… exports that take
 * a Request whose URL is the whole path), over real HTTP: server/README.md's route module is
 * served by a fetch-style server (@hono/node-server) that, as Next 16 does, hands it a URL on
 * the server's own address (`http://localhost:PORT/…`) whatever Host the browser sent,
 * against the simulator.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { CLIENT_ADDRESS_HEADER } from '../../server/index.js';
import { sellThrough, simulatorForSuite } from './framework-flow.js';
import { SIM_AGENT_ID, SIM_SECRET_KEY, SIM_USER_ID } from './helpers.js';
import * as route from './next-route/route.js';
import { rawRequest } from './raw-http.js';
import { readmeBlock, testedRegion } from './readme-code.js';

/** Next's route handlers see `http://localhost:PORT/path`, not the Host the browser used. */
function asNextDoes(request: Request): Request {
  const url = new URL(request.url);
  return new Request(`http://localhost:${url.port}${url.pathname}${url.search}`, request);
}

const handlers: Record<string, ((request: Request) => Promise<Response>) | undefined> = { GET: route.GET, HEAD: route.HEAD, POST: route.POST, OPTIONS: route.OPTIONS };

describe('a Next.js-style route handler calling backend.handle', () => {
  const simulator = simulatorForSuite();
  let server: ServerType;
  let origin: string;
  const saved = { ...process.env };

  before(async () => {
    Object.assign(process.env, { PAYNET_BASE_URL: simulator.sim.url, PAYNET_SECRET_KEY: SIM_SECRET_KEY, PAYNET_AGENT_ID: SIM_AGENT_ID, PAYNET_USER_ID: SIM_USER_ID });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve(
        {
          // What Next does with the route module: the export named by the method, else 405,
          // with the URL on its own address.
          fetch: (request: Request) => handlers[request.method]?.(asNextDoes(request)) ?? new Response(null, { status: 405 }),
          port: 0,
          hostname: '127.0.0.1',
        },
        () => resolve(s),
      );
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await route.closeBackend();
    process.env = saved;
  });

  it('sells through the route handlers: create, poll, notice, success', async () => {
    await sellThrough(origin, simulator.control, 'json');
  });

  it("judges Origin and Host by the address the browser used, not Next's own", async () => {
    const create = (headers: Record<string, string>) =>
      fetch(`${origin}/api/paynet/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), 'x-forwarded-for': '198.51.100.7', ...headers },
        body: JSON.stringify({ amount: '5.00', instalment: 1, currency: 'TRY' }),
      });
    // The shop's own page: same origin as the address it was served from.
    assert.equal((await create({ origin })).status, 201);
    // Another site's page is refused, whatever Next's own address is.
    const foreign = await create({ origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    assert.equal(((await foreign.json()) as { error: { code: string } }).error.code, 'origin_not_allowed');
    // A request for a host name the shop does not serve (DNS rebinding) is refused.
    const rebinding = await rawRequest(origin, { method: 'GET', target: '/api/paynet/devices', host: 'evil.example' });
    assert.equal(rebinding.status, 421);
  });

  it('keys the rate limit on X-Forwarded-For, never on an address header the client sends', async () => {
    const create = (headers: Record<string, string>) =>
      fetch(`${origin}/api/paynet/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), ...headers },
        body: JSON.stringify({ amount: '5.00', instalment: 1, currency: 'TRY' }),
      });
    // Another address per request, as the proxy reports them: separate clients, none limited.
    for (let i = 0; i < 3; i += 1) assert.equal((await create({ 'x-forwarded-for': `203.0.113.${i + 1}` })).status, 201);
    // No proxy in front, and a client posing as a new address each time in the kit's own header:
    // it is not believed, so the shared bucket (10 at most) runs out.
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1) statuses.push((await create({ [CLIENT_ADDRESS_HEADER]: `10.0.0.${i + 1}` })).status);
    assert.equal(statuses.at(-1), 429, statuses.join(' '));
  });

  it('is the code server/README.md shows', () => {
    assert.equal(readmeBlock('test/server/next-route/route.ts', 'next-route'), testedRegion('test/server/next-route/route.ts', 'next-route'));
  });
});
