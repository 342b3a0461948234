/**
 * The kit inside a real Express 5 app over real HTTP, against the simulator: mounted with
 * `app.use('/api/paynet', …)`, `app.all('/api/paynet/*splat', …)` and at the root, with and
 * without each of Express's body parsers before it. A sale goes through, the notice's body is
 * read whichever parser took it, the kit's limits hold, and other paths reach the app.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import express, { type RequestHandler } from 'express';
import { createPaynetCheckoutBackend, paynetExpress, toNodeListener, type PaynetCheckoutBackend } from '../../server/index.js';
import { postUnreadableWebhook, sellThrough, simulatorForSuite, type WebhookEncoding } from './framework-flow.js';
import { clientConfig } from './helpers.js';
import { rawRequest } from './raw-http.js';
import { readmeBlock, testedRegion } from './readme-code.js';

// README: express-shop
function shopApp(backend: PaynetCheckoutBackend): express.Express {
  const app = express();
  app.use(express.json()); // the app's own body parsers may come first, or none at all
  app.use('/api/paynet', paynetExpress(backend)); // the kit's routes; any other path goes on to the app
  app.get('/health', (_req, res) => {
    res.send('ok');
  });
  return app;
}
// README end

interface Running {
  origin: string;
  close(): Promise<void>;
}

async function serve(app: express.Express, backend: PaynetCheckoutBackend): Promise<Running> {
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
    },
  };
}

/** Each parser, and the notice encoding it reads (so the kit gets a body the parser consumed). */
const parsers: ReadonlyArray<{ name: string; middleware?: () => RequestHandler; webhook: WebhookEncoding }> = [
  { name: 'no body parser', webhook: 'json' },
  { name: 'express.json()', middleware: () => express.json(), webhook: 'json' },
  { name: 'express.text()', middleware: () => express.text(), webhook: 'text' },
  { name: 'express.raw()', middleware: () => express.raw(), webhook: 'octet-stream' },
  { name: 'express.urlencoded()', middleware: () => express.urlencoded(), webhook: 'form' },
];

const mounts = {
  "app.use('/api/paynet', …)": (app: express.Express, backend: PaynetCheckoutBackend) => app.use('/api/paynet', paynetExpress(backend)),
  "app.all('/api/paynet/*splat', …)": (app: express.Express, backend: PaynetCheckoutBackend) => app.all('/api/paynet/*splat', paynetExpress(backend)),
  'app.use(…) at the root': (app: express.Express, backend: PaynetCheckoutBackend) => app.use(paynetExpress(backend)),
} as const;

describe('Express 5: the kit as middleware', () => {
  const simulator = simulatorForSuite();

  /** An app with `parser` (if any), a probe of whether the body was read before the kit, the kit, and a route of its own. */
  async function start(mount: keyof typeof mounts, parser: (typeof parsers)[number]) {
    const backend = createPaynetCheckoutBackend({ paynet: clientConfig(simulator.sim.url) });
    const app = express();
    if (parser.middleware) app.use(parser.middleware());
    const bodyReadBefore = new Map<string, boolean>();
    app.use((req, _res, next) => {
      bodyReadBefore.set(`${req.method} ${req.originalUrl}`, req.readableEnded);
      next();
    });
    mounts[mount](app, backend);
    app.get('/health', (_req, res) => {
      res.send('ok');
    });
    return { ...(await serve(app, backend)), bodyReadBefore };
  }

  for (const mount of Object.keys(mounts) as Array<keyof typeof mounts>) {
    for (const parser of parsers) {
      it(`sells through ${mount} with ${parser.name}, reads the notice, and leaves other paths to the app`, async () => {
        const running = await start(mount, parser);
        try {
          await sellThrough(running.origin, simulator.control, parser.webhook);
          // The parser really took the notice's body before the kit (or, with none, nobody did).
          assert.equal(running.bodyReadBefore.get('POST /api/paynet/webhook'), parser.middleware !== undefined);

          const unreadable = await postUnreadableWebhook(running.origin, parser.webhook);
          assert.equal(unreadable.status, 400);
          assert.equal(((await unreadable.json()) as { error: { code: string } }).error.code, 'invalid_webhook');

          const health = await fetch(`${running.origin}/health`);
          assert.equal(health.status, 200);
          assert.equal(await health.text(), 'ok');

          // Under the base path the kit answers, with its own JSON 404.
          const unknown = await fetch(`${running.origin}/api/paynet/nope`);
          assert.equal(unknown.status, 404);
          assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'not_found');
        } finally {
          await running.close();
        }
      });
    }
  }

  it('refuses a body over 16 KiB with 413, streamed or already parsed', async () => {
    for (const parser of [parsers[0]!, parsers[1]!, { name: 'express.json({ limit: "1mb" })', middleware: () => express.json({ limit: '1mb' }), webhook: 'json' as const }]) {
      const running = await start("app.use('/api/paynet', …)", parser);
      try {
        const answer = await fetch(`${running.origin}/api/paynet/sessions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
          body: JSON.stringify({ amount: '1.00', instalment: 1, currency: 'TRY', description: 'x'.repeat(20_000) }),
        });
        assert.equal(answer.status, 413, parser.name);
        assert.equal(((await answer.json()) as { error: { code: string } }).error.code, 'payload_too_large');
      } finally {
        await running.close();
      }
    }
  });

  it('sends paths outside the base path on, even ones that only start like it', async () => {
    const running = await start('app.use(…) at the root', parsers[0]!);
    try {
      for (const path of ['/api/paynetx/sessions', '/api/paynet', '/api/other']) {
        const answer = await fetch(`${running.origin}${path}`);
        assert.equal(answer.status, 404, path);
        // Express's own 404 page, not the kit's JSON: the kit called next().
        assert.match(answer.headers.get('content-type') ?? '', /^text\/html/, path);
      }
    } finally {
      await running.close();
    }
  });

  it("takes the backend's own basePath when none is given", async () => {
    const backend = createPaynetCheckoutBackend({ paynet: clientConfig(simulator.sim.url), basePath: '/shop/paynet' });
    const app = express();
    app.use(paynetExpress(backend));
    const running = await serve(app, backend);
    try {
      const created = await fetch(`${running.origin}/shop/paynet/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ amount: '10.00', instalment: 1, currency: 'TRY' }),
      });
      assert.equal(created.status, 201, await created.clone().text());
      assert.ok(((await created.json()) as { statusUrl: string }).statusUrl.startsWith('/shop/paynet/sessions/'));
      // The default path is not the kit's any more: Express's own 404.
      const elsewhere = await fetch(`${running.origin}/api/paynet/sessions/x`);
      assert.equal(elsewhere.status, 404);
      assert.match(elsewhere.headers.get('content-type') ?? '', /^text\/html/);
    } finally {
      await running.close();
    }
  });

  it('keeps the Host check: a request for another host is refused with 421', async () => {
    const running = await start("app.use('/api/paynet', …)", parsers[1]!);
    try {
      const answer = await rawRequest(running.origin, { method: 'GET', target: '/api/paynet/devices', host: 'evil.example' });
      assert.equal(answer.status, 421);
      assert.equal((JSON.parse(answer.body) as { error: { code: string } }).error.code, 'host_not_allowed');
    } finally {
      await running.close();
    }
  });

  it('also serves through the plain Node listener mounted after express.json()', async () => {
    const backend = createPaynetCheckoutBackend({ paynet: clientConfig(simulator.sim.url) });
    const app = express();
    app.use(express.json());
    app.use('/api/paynet', toNodeListener(backend.handle));
    const running = await serve(app, backend);
    try {
      await sellThrough(running.origin, simulator.control, 'json');
    } finally {
      await running.close();
    }
  });

  it("runs server/README.md's Express app as written", async () => {
    assert.equal(readmeBlock('test/server/express.test.ts', 'express-shop'), testedRegion('test/server/express.test.ts', 'express-shop'));
    const backend = createPaynetCheckoutBackend({ paynet: clientConfig(simulator.sim.url) });
    const running = await serve(shopApp(backend), backend);
    try {
      await sellThrough(running.origin, simulator.control, 'json');
      assert.equal(await (await fetch(`${running.origin}/health`)).text(), 'ok');
    } finally {
      await running.close();
    }
  });
});
