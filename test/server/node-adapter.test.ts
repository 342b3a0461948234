/**
 * The Node adapter over real HTTP, with requests written by hand: whatever arrives, the answer
 * is a JSON 4xx the handler never saw (a 405 with Allow for a method a web Request cannot
 * carry, a 400 bad_host for a Host that is not one, a 400 for a target that is not a path),
 * never a 500, and what is well-formed still reaches the handler with the URL it should.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ADAPTER_ALLOWED_METHODS, createNodeServer, toNodeListener } from '../../server/node.js';
import { rawRequest, type RawRequest, type RawResponse } from './raw-http.js';

interface Seen {
  method: string;
  url: string;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

function assertJsonError(answer: RawResponse, status: number, code: string): void {
  assert.equal(answer.status, status, answer.body);
  assert.match(answer.headers['content-type'] ?? '', /^application\/json/);
  assert.equal(answer.headers['x-content-type-options'], 'nosniff');
  const body = JSON.parse(answer.body) as { error?: { code?: string; message?: string } };
  assert.equal(body.error?.code, code, answer.body);
  assert.ok((body.error?.message ?? '').length > 0);
}

describe('node adapter: requests a web Request cannot hold', () => {
  const seen: Seen[] = [];
  const errors: string[] = [];
  let server: Server;
  let url: string;
  const send = (request: RawRequest) => rawRequest(url, request);

  before(async () => {
    server = createNodeServer(
      async (request) => {
        seen.push({ method: request.method, url: request.url });
        if (new URL(request.url).pathname === '/throws') throw new Error('handler bug');
        return Response.json({ ok: true });
      },
      { onError: (error, context) => errors.push(`${context}: ${String(error)}`) },
    );
    url = await listen(server);
  });
  after(() => close(server));

  it('answers TRACE with 405 and Allow, not 500, and the handler never sees it', async () => {
    const before = seen.length;
    const answer = await send({ method: 'TRACE', target: '/api/paynet/sessions' });
    assertJsonError(answer, 405, 'method_not_allowed');
    assert.equal(answer.headers.allow, ADAPTER_ALLOWED_METHODS);
    assert.equal(seen.length, before);
  });

  it('answers CONNECT (authority-form or a path) and TRACK with 405 and Allow instead of a dropped connection or a bare 400', async () => {
    for (const request of [
      { method: 'CONNECT', target: 'evil.example:443', host: 'evil.example:443' },
      { method: 'CONNECT', target: '/api/paynet/sessions' },
      { method: 'TRACK', target: '/api/paynet/sessions' },
    ]) {
      const answer = await send(request);
      assertJsonError(answer, 405, 'method_not_allowed');
      assert.equal(answer.headers.allow, ADAPTER_ALLOWED_METHODS, request.method);
    }
  });

  it('answers a malformed Host with 400 bad_host, not 500, and never builds a URL from it', async () => {
    const before = seen.length;
    for (const host of ['[bad', 'a b', 'evil.example/path', 'user@evil.example', 'evil.example:99999', 'evil.example:x', 'evil.example:', '[::1', 'ex%41mple.com', '\\evil']) {
      const answer = await send({ method: 'GET', target: '/api/paynet/devices', host });
      assertJsonError(answer, 400, 'bad_host');
    }
    assert.equal(seen.length, before);
  });

  it('answers a missing or repeated Host with 400 bad_host (HTTP/1.1 and HTTP/1.0)', async () => {
    assertJsonError(await send({ method: 'GET', target: '/', host: null }), 400, 'bad_host');
    assertJsonError(await send({ method: 'GET', target: '/', host: null, version: '1.0' }), 400, 'bad_host');
    assertJsonError(await send({ method: 'GET', target: '/', host: '' }), 400, 'bad_host');
    assertJsonError(await send({ method: 'POST', target: '/', headers: [['Host', 'evil.example']], body: '{}' }), 400, 'bad_host');
  });

  it('answers a request-target that is not a path with 400 bad_request_target', async () => {
    for (const target of ['*', 'http://[::1', 'file:///etc/passwd', 'http://user:pw@127.0.0.1/']) {
      assertJsonError(await send({ method: 'GET', target }), 400, 'bad_request_target');
    }
    // Targets node's own parser refuses before the adapter runs: a JSON 400 all the same.
    for (const target of ['javascript:alert(1)', 'http://a b/']) assertJsonError(await send({ method: 'GET', target }), 400, 'bad_request');
  });

  it('passes what is well-formed on, with the URL built from Host (a "//host" target stays a path)', async () => {
    const { port } = new URL(url);
    seen.length = 0;
    assert.equal((await send({ method: 'GET', target: '/api/paynet/devices?x=1', host: `LocalHost:${port}` })).status, 200);
    assert.equal((await send({ method: 'GET', target: '//evil.example/x', host: `127.0.0.1:${port}` })).status, 200);
    assert.equal((await send({ method: 'GET', target: '/', host: `[::1]:${port}` })).status, 200);
    assert.equal((await send({ method: 'GET', target: `http://shop.example:${port}/abs` })).status, 200);
    assert.equal((await send({ method: 'OPTIONS', target: '/' })).status, 200);
    assert.deepEqual(seen, [
      { method: 'GET', url: `http://localhost:${port}/api/paynet/devices?x=1` },
      { method: 'GET', url: `http://127.0.0.1:${port}//evil.example/x` },
      { method: 'GET', url: `http://[::1]:${port}/` },
      { method: 'GET', url: `http://shop.example:${port}/abs` },
      { method: 'OPTIONS', url: `http://127.0.0.1:${port}/` },
    ]);
  });

  it('answers HTTP it cannot parse with a JSON 400, and reports a failure of its own instead of hiding it', async () => {
    assertJsonError(await send({ method: 'GET', target: '/a b c' }), 400, 'bad_request');
    const answer = await send({ method: 'GET', target: '/throws' });
    assert.equal(answer.status, 500);
    assert.deepEqual(errors, ['node adapter: Error: handler bug']);
  });
});

describe('node adapter: a server of your own', () => {
  it('answers TRACE and a bad Host through toNodeListener alone, without a 500', async () => {
    let calls = 0;
    const server = createServer(
      toNodeListener(async () => {
        calls++;
        return new Response(null, { status: 204 });
      }),
    );
    const url = await listen(server);
    try {
      assertJsonError(await rawRequest(url, { method: 'TRACE', target: '/' }), 405, 'method_not_allowed');
      assertJsonError(await rawRequest(url, { method: 'GET', target: '/', host: '[bad' }), 400, 'bad_host');
      assert.equal((await rawRequest(url, { method: 'GET', target: '/' })).status, 204);
      assert.equal(calls, 1);
    } finally {
      await close(server);
    }
  });
});
