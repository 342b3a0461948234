/**
 * The backend kit on plain node:http. Run: `node --import tsx examples/node-http.ts` with the
 * PAYNET_* variables set (or a simulator URL in PAYNET_BASE_URL).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPaynetCheckoutBackend, paynetConfigFromEnv, toNodeListener, type PaynetConfig } from '../server/index.js';

export interface ExampleOptions {
  port: number;
  /** Paynet (or simulator) URL; the rest of the configuration comes from `paynet`/the environment. */
  paynetBaseUrl: string;
  paynet?: Omit<PaynetConfig, 'baseUrl'>;
}

export interface RunningExample {
  url: string;
  close(): Promise<void>;
}

export async function start({ port, paynetBaseUrl, paynet }: ExampleOptions): Promise<RunningExample> {
  const config = paynet ? { ...paynet, baseUrl: paynetBaseUrl } : { ...paynetConfigFromEnv(process.env), baseUrl: paynetBaseUrl };
  const backend = createPaynetCheckoutBackend({
    paynet: config,
    // A real shop looks the order up and returns ITS amount; see README "resolveOrder".
    resolveOrder: async (body) => ({ amount: body.amount, instalment: body.instalment }),
  });
  const server: Server = createServer(toNodeListener(backend.handle));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const running = await start({ port: Number(process.env.PORT ?? 8787), paynetBaseUrl: process.env.PAYNET_BASE_URL ?? '' });
  console.log(`paynet-checkout backend on ${running.url}/api/paynet`);
}
