/**
 * `npm start`: builds the demo page and serves the demo stack (see stack.ts) until Ctrl-C.
 * With PAYNET_SECRET_KEY, PAYNET_AGENT_ID, PAYNET_USER_ID and PAYNET_BASE_URL set it talks to
 * Paynet instead of the simulator (README, "Real mode"). PORT (default 5173), HOST.
 */
import { demoOptionsFromEnv, startDemoStack } from './stack.js';

const options = demoOptionsFromEnv(process.env);
const stack = await startDemoStack({ ...options, log: (line) => process.stderr.write(`${line}\n`) }).catch((error: unknown) => {
  const inUse = (error as { code?: string }).code === 'EADDRINUSE';
  process.stderr.write(inUse ? `Port ${options.port} is in use: stop what runs there, or start the demo with PORT=<another port> npm start\n` : `The demo could not start: ${String(error)}\n`);
  process.exit(1);
});
const mode = stack.simulator ? `Paynet simulator at ${stack.simulator.url} (no credentials needed)` : 'Paynet (real mode)';
process.stdout.write(`paynet-checkout demo: ${stack.url}\n  backend: ${stack.url}/api/paynet  ·  ${mode}\n  Ctrl-C to stop\n`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    void stack.close().then(() => process.exit(0));
  });
}
