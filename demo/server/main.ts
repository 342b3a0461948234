/**
 * `npm start`: builds the demo page and serves the demo stack (see stack.ts) until Ctrl-C.
 * With PAYNET_SECRET_KEY, PAYNET_AGENT_ID, PAYNET_USER_ID and PAYNET_BASE_URL set it talks to
 * Paynet instead of the simulator (README, "Real mode"). PORT (default 5173), HOST, and
 * PUBLIC_BASE_URL when a browser reaches the demo by another name than this machine's
 * loopback (the demo answers only for its own names: a DNS-rebinding guard).
 */
import { demoOptionsFromEnv, startDemoStack, type DemoStackOptions } from './stack.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

let options: DemoStackOptions;
try {
  options = demoOptionsFromEnv(process.env);
} catch (error) {
  fail(`The demo's settings are wrong: ${error instanceof Error ? error.message : String(error)}`);
}
if (options.dataDir) process.stdout.write(`paynet-checkout demo: opening the shop's records in ${options.dataDir} (PGlite; the first start takes a few seconds)\n`);
const stack = await startDemoStack({ ...options, log: (line) => process.stderr.write(`${line}\n`) }).catch((error: unknown) => {
  const inUse = (error as { code?: string }).code === 'EADDRINUSE';
  fail(inUse ? `Port ${options.port} is in use: stop what runs there, or start the demo with PORT=<another port> npm start` : `The demo could not start: ${String(error)}`);
});
const mode = stack.simulator ? `Paynet simulator at ${stack.simulator.url} (no credentials needed)` : 'Paynet (real mode)';
const records = options.dataDir ? `records kept in ${options.dataDir}` : 'records in memory';
process.stdout.write(`paynet-checkout demo: ${stack.url}\n  backend: ${stack.url}/api/paynet  ·  ${mode}  ·  ${records}\n  Ctrl-C to stop\n`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    stack.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
