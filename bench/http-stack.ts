/**
 * The stack the HTTP benchmarks load: the Paynet simulator and the merchant backend, both
 * real HTTP servers on loopback, in this process (as the server tests build it).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPaynetCheckoutBackend, toNodeListener, type PaynetCheckoutBackend, type PaynetCheckoutBackendOptions } from '../server/index.js';
import { startSimulator, type Simulator } from '../simulator/index.js';

/** The simulator's own test values: they open nothing but the simulator started here. */
export const SIM_SECRET_KEY = 'sck_sim_bench';
export const SIM_AGENT_ID = 'sim-agent';
export const SIM_USER_ID = 'sim-user';

export interface Stack {
  sim: Simulator;
  backend: PaynetCheckoutBackend;
  /** "http://127.0.0.1:<port>" of the backend. */
  url: string;
  /** Unexpected errors the backend reported while loaded (kept, not printed mid-table). */
  errors: Array<{ context: string; message: string }>;
  close(): Promise<void>;
}

export async function startStack(options: Partial<PaynetCheckoutBackendOptions> = {}): Promise<Stack> {
  const sim = await startSimulator({ port: 0, host: '127.0.0.1', secretKey: SIM_SECRET_KEY, agentId: SIM_AGENT_ID, userId: SIM_USER_ID });
  const errors: Stack['errors'] = [];
  const backend = createPaynetCheckoutBackend({
    paynet: { baseUrl: sim.url, secretKey: SIM_SECRET_KEY, agentId: SIM_AGENT_ID, userId: SIM_USER_ID, timeoutMs: 10_000 },
    publicBaseUrl: 'https://shop.example',
    // The benches dial the loopback address: answered beside the public name.
    allowedHosts: ['shop.example', '127.0.0.1'],
    // Without this the creation benchmark would measure the limiter's 429s.
    rateLimit: false,
    onError: (error, context) => errors.push({ context, message: error instanceof Error ? error.message : String(error) }),
    ...options,
  });
  const server = createServer(toNodeListener(backend.handle));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    sim,
    backend,
    url,
    errors,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
      await sim.close();
    },
  };
}
