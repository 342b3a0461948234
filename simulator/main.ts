/**
 * CLI: `node --import tsx simulator/main.ts [--port 4010] [--webhook-url URL] [--quirks JSON] [--log]`.
 * Every flag has an env twin: SIM_PORT, SIM_HOST, SIM_WEBHOOK_URL, SIM_SECRET_KEY,
 * SIM_AGENT_ID, SIM_USER_ID, SIM_DEVICE_ACCESS_TOKEN, SIM_SESSION_KEY_TTL_MS,
 * SIM_PAYMENT_SESSION_TTL_MS, SIM_DEVICE_SALE_TIMEOUT_MS, SIM_NON_3D_ALLOWED, SIM_QUIRKS, SIM_LOG.
 * Prints the URL as its only line of output, then runs until SIGINT or SIGTERM.
 */
import { parseArgs } from 'node:util';
import { startSimulator, type SimulatorOptions } from './index.js';

const FLAGS = {
  port: { type: 'string', env: 'SIM_PORT' },
  host: { type: 'string', env: 'SIM_HOST' },
  'webhook-url': { type: 'string', env: 'SIM_WEBHOOK_URL' },
  'secret-key': { type: 'string', env: 'SIM_SECRET_KEY' },
  'agent-id': { type: 'string', env: 'SIM_AGENT_ID' },
  'user-id': { type: 'string', env: 'SIM_USER_ID' },
  'device-access-token': { type: 'string', env: 'SIM_DEVICE_ACCESS_TOKEN' },
  'session-key-ttl-ms': { type: 'string', env: 'SIM_SESSION_KEY_TTL_MS' },
  'payment-session-ttl-ms': { type: 'string', env: 'SIM_PAYMENT_SESSION_TTL_MS' },
  'device-sale-timeout-ms': { type: 'string', env: 'SIM_DEVICE_SALE_TIMEOUT_MS' },
  'non-3d-allowed': { type: 'string', env: 'SIM_NON_3D_ALLOWED' },
  quirks: { type: 'string', env: 'SIM_QUIRKS' },
  log: { type: 'boolean', env: 'SIM_LOG' },
} as const;

type Flag = keyof typeof FLAGS;

function settings(argv: string[], env: NodeJS.ProcessEnv): Partial<SimulatorOptions> {
  const { values } = parseArgs({ args: argv, options: Object.fromEntries(Object.entries(FLAGS).map(([name, flag]) => [name, { type: flag.type }])), strict: true });
  const text = (flag: Flag): string | undefined => {
    const value = values[flag];
    return typeof value === 'string' ? value : env[FLAGS[flag].env] || undefined;
  };
  const number = (flag: Flag): number | undefined => {
    const value = text(flag);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isFinite(parsed)) throw new RangeError(`--${flag} must be a number`);
    return parsed;
  };
  const non3d = text('non-3d-allowed');
  const quirksText = text('quirks');
  let quirks: SimulatorOptions['quirks'] | undefined;
  if (quirksText !== undefined) {
    try {
      quirks = JSON.parse(quirksText) as SimulatorOptions['quirks'];
    } catch {
      throw new RangeError('--quirks must be a JSON object, e.g. {"codeAsString":true}');
    }
  }
  const log = values.log === true || env.SIM_LOG === '1' || env.SIM_LOG === 'true';
  return {
    port: number('port') ?? 0,
    host: text('host'),
    webhookUrl: text('webhook-url'),
    secretKey: text('secret-key'),
    agentId: text('agent-id'),
    userId: text('user-id'),
    deviceAccessToken: text('device-access-token'),
    sessionKeyTtlMs: number('session-key-ttl-ms'),
    paymentSessionTtlMs: number('payment-session-ttl-ms'),
    deviceSaleTimeoutMs: number('device-sale-timeout-ms'),
    non3dAllowed: non3d === undefined ? undefined : non3d !== 'false' && non3d !== '0',
    quirks,
    log: log ? (line: string) => process.stderr.write(`${line}\n`) : undefined,
  };
}

async function main(): Promise<void> {
  const simulator = await startSimulator(settings(process.argv.slice(2), process.env));
  process.stdout.write(`${simulator.url}\n`);
  const stop = (): void => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`paynet simulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
