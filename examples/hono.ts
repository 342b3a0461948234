/**
 * The backend kit inside a Hono app (via @hono/node-server): the kit takes the raw web
 * Request, so mounting it is one line. Run: `node --import tsx examples/hono.ts`.
 */
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { CLIENT_ADDRESS_HEADER, createPaynetCheckoutBackend, paynetConfigFromEnv, type PaynetConfig } from '../server/index.js';

export interface ExampleOptions {
  port: number;
  paynetBaseUrl: string;
  paynet?: Omit<PaynetConfig, 'baseUrl'>;
}

export interface RunningExample {
  url: string;
  close(): Promise<void>;
}

interface NodeBindings {
  incoming: { socket: { remoteAddress?: string } };
}

export async function start({ port, paynetBaseUrl, paynet }: ExampleOptions): Promise<RunningExample> {
  const config = paynet ? { ...paynet, baseUrl: paynetBaseUrl } : { ...paynetConfigFromEnv(process.env), baseUrl: paynetBaseUrl };
  const backend = createPaynetCheckoutBackend({ paynet: config });

  const app = new Hono<{ Bindings: NodeBindings }>();
  app.all('/api/paynet/*', (c) => {
    // The rate limit keys on this header: overwrite whatever a client sent with the socket
    // address, which Hono's Node adapter exposes in c.env.
    const headers = new Headers(c.req.raw.headers);
    headers.set(CLIENT_ADDRESS_HEADER, c.env.incoming.socket.remoteAddress ?? 'unknown');
    return backend.handle(new Request(c.req.raw, { headers }));
  });

  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const running = await start({ port: Number(process.env.PORT ?? 8788), paynetBaseUrl: process.env.PAYNET_BASE_URL ?? '' });
  console.log(`paynet-checkout backend (Hono) on ${running.url}/api/paynet`);
}
