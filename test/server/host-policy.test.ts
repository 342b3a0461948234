/**
 * The allowed-hosts policy (the DNS-rebinding guard) and the exact loopback test: as pure
 * functions, then over real HTTP through the kit's `allowedHosts` against the simulator, where
 * a rebound POST (Host and Origin both the attacker's) is refused before it reaches Paynet.
 */
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createPaynetCheckoutBackend, type PaynetCheckoutBackend, type PaynetCheckoutBackendOptions } from '../../server/backend.js';
import { createHostPolicy, hostRejection, isLoopbackHost, parseHostPort, type HostPolicyOptions } from '../../server/host-policy.js';
import { createNodeServer } from '../../server/node.js';
import { BASE, SALE } from './bad-input.cases.js';
import { clientConfig, errorSink, startTestSimulator, type Simulator } from './helpers.js';
import { rawRequest } from './raw-http.js';

/** The status the policy answers `url` with: 0 when it lets it through. */
function verdict(options: HostPolicyOptions, url: string): number {
  const refusal = hostRejection(new Request(url), createHostPolicy(options));
  if (refusal !== undefined) assert.equal(refusal.code, 'host_not_allowed');
  return refusal?.status ?? 0;
}

describe('isLoopbackHost', () => {
  it('is true only for 127.0.0.0/8 written as four decimal octets, localhost and ::1, with or without a port', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '127.255.255.255', '127.0.0.1:5173', 'localhost', 'LOCALHOST:80', 'localhost:5173', '::1', '[::1]', '[::1]:5173', '[0:0:0:0:0:0:0:1]:5173']) {
      assert.equal(isLoopbackHost(host), true, host);
    }
  });

  it('is false for names that only start like a loopback address, and for shorthand or odd forms', () => {
    for (const host of [
      '127.attacker.example',
      '127.0.0.1.attacker.example',
      '127.0.0.1.nip.io',
      'localhost.attacker.example',
      'localhost.',
      'app.localhost',
      'evil-localhost',
      '127.1',
      '0x7f.0.0.1',
      '0177.0.0.1',
      '127.0.0.01',
      '127.256.0.1',
      '128.0.0.1',
      '10.0.0.1',
      '0.0.0.0',
      '::',
      '::2',
      '[::ffff:127.0.0.1]',
      '127.0.0.1:99999',
      '127.0.0.1:abc',
      'localhost:',
      '127.0.0.1/x',
      'user@127.0.0.1',
      '',
    ]) {
      assert.equal(isLoopbackHost(host), false, host);
    }
  });
});

describe('host policy', () => {
  it('answers only loopback hosts when nothing is configured', () => {
    assert.equal(verdict({}, 'http://127.0.0.1:5173/api/paynet/sessions'), 0);
    assert.equal(verdict({}, 'http://localhost:5173/'), 0);
    assert.equal(verdict({}, 'http://[::1]:5173/'), 0);
    assert.equal(verdict({}, 'http://evil.example/'), 421);
    assert.equal(verdict({}, 'http://127.attacker.example:5173/'), 421);
    assert.equal(verdict({}, 'http://192.168.1.5:5173/'), 421);
  });

  it('answers the host of publicBaseUrl (any port unless it names one), and nothing else, not even loopback', () => {
    const options = { publicBaseUrl: 'https://Shop.Example' };
    assert.equal(verdict(options, 'https://shop.example/api/paynet/sessions'), 0);
    assert.equal(verdict(options, 'http://SHOP.example:8080/'), 0);
    assert.equal(verdict(options, 'https://shop.example./'), 0);
    assert.equal(verdict(options, 'https://evil.example/'), 421);
    assert.equal(verdict(options, 'https://shop.example.evil.example/'), 421);
    assert.equal(verdict(options, 'http://127.0.0.1/'), 421);
    assert.equal(verdict({ publicBaseUrl: 'http://127.0.0.1:5173' }, 'http://127.0.0.1:5173/'), 0);
    assert.equal(verdict({ publicBaseUrl: 'http://127.0.0.1:5173' }, 'http://127.0.0.1:5174/'), 421);
  });

  it('answers exactly the allowedHosts when given (they win over publicBaseUrl), case-insensitive, with default ports', () => {
    const options = { allowedHosts: ['Shop.Example:8443', '127.0.0.1:5173', 'pay.shop.example', 'api.shop.example:443', '[::1]:5173'], publicBaseUrl: 'https://other.example' };
    assert.equal(verdict(options, 'https://shop.example:8443/'), 0);
    assert.equal(verdict(options, 'https://shop.example/'), 421);
    assert.equal(verdict(options, 'http://127.0.0.1:5173/'), 0);
    assert.equal(verdict(options, 'http://127.0.0.1:5174/'), 421);
    assert.equal(verdict(options, 'http://localhost:5173/'), 421);
    assert.equal(verdict(options, 'https://PAY.shop.example:1234/'), 0);
    assert.equal(verdict(options, 'https://api.shop.example/'), 0);
    assert.equal(verdict(options, 'http://api.shop.example/'), 421);
    assert.equal(verdict(options, 'http://[::1]:5173/'), 0);
    assert.equal(verdict(options, 'https://other.example/'), 421);
  });

  it('refuses a configuration it cannot read, at start-up', () => {
    for (const entry of ['https://shop.example', 'shop.example/path', 'shop.example:0', 'shop.example:70000', 'user@shop.example', '*.shop.example', '']) {
      assert.throws(() => createHostPolicy({ allowedHosts: [entry] }), TypeError, entry);
    }
    assert.throws(() => createHostPolicy({ allowedHosts: [] }), TypeError);
    assert.throws(() => createHostPolicy({ publicBaseUrl: 'not a url' }), TypeError);
  });

  it('reads host and host:port the way a URL would', () => {
    assert.deepEqual(parseHostPort('Shop.Example:08443'), { hostname: 'shop.example', port: '8443' });
    assert.deepEqual(parseHostPort('::1'), { hostname: '[::1]', port: undefined });
    assert.deepEqual(parseHostPort('bücher.example'), { hostname: 'xn--bcher-kva.example', port: undefined });
    assert.equal(parseHostPort('[bad'), undefined);
    assert.equal(parseHostPort('a b'), undefined);
  });
});

describe('host policy over HTTP: the kit’s allowedHosts', () => {
  let sim: Simulator;
  const servers: Array<{ server: Server; backend: PaynetCheckoutBackend }> = [];
  const sink = errorSink();

  async function serve(options: Pick<PaynetCheckoutBackendOptions, 'allowedHosts' | 'publicBaseUrl'>): Promise<string> {
    const backend = createPaynetCheckoutBackend({ paynet: clientConfig(sim.url), rateLimit: false, onError: sink.onError, ...options });
    const server = createNodeServer(backend.handle);
    servers.push({ server, backend });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  const post = (url: string, host: string, origin: string) =>
    rawRequest(url, {
      method: 'POST',
      target: `${BASE}/sessions`,
      host,
      headers: [
        ['Origin', origin],
        ['Content-Type', 'application/json'],
      ],
      body: JSON.stringify(SALE),
    });
  const code = (body: string) => (JSON.parse(body) as { error?: { code?: string } }).error?.code;

  before(async () => {
    sim = await startTestSimulator();
  });
  after(async () => {
    for (const { server, backend } of servers) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
    }
    await sim?.close();
  });

  it('refuses a rebound POST (Host and Origin both the attacker’s) with 421 before anything reaches Paynet, and serves loopback names', async () => {
    const url = await serve({});
    const { port } = new URL(url);
    const callsBefore = sim.state.calls.length;
    for (const host of ['evil.example', `127.attacker.example:${port}`, `evil.example:${port}`]) {
      const answer = await post(url, host, `http://${host}`);
      assert.equal(answer.status, 421, `${host}: ${answer.body}`);
      assert.equal(code(answer.body), 'host_not_allowed');
    }
    assert.deepEqual(sim.state.calls.slice(callsBefore), [], 'a refused request reached Paynet');
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      const answer = await post(url, host, `http://${host}`);
      assert.equal(answer.status, 201, `${host}: ${answer.body}`);
    }
  });

  it('answers only the shop’s own name once publicBaseUrl or allowedHosts says what it is', async () => {
    const publicUrl = await serve({ publicBaseUrl: 'https://shop.example' });
    assert.equal((await post(publicUrl, 'shop.example', 'http://shop.example')).status, 201);
    assert.equal((await post(publicUrl, `127.0.0.1:${new URL(publicUrl).port}`, 'http://evil.example')).status, 421);
    const listUrl = await serve({ allowedHosts: ['pay.shop.example'] });
    assert.equal((await post(listUrl, 'PAY.shop.example', 'http://pay.shop.example')).status, 201);
    assert.equal((await post(listUrl, 'shop.example', 'http://shop.example')).status, 421);
    assert.deepEqual(sink.errors, []);
  });
});
