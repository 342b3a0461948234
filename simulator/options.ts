/**
 * Simulator options and their defaults (docs/paynet-simulator.md, "Starting it").
 * The credentials are test values: the simulator is never a real Paynet.
 */
import { DEFAULT_QUIRKS, parseQuirks, type Quirks } from './quirks.js';

export interface SimulatedDevice {
  deviceId: string;
  label: string;
}

export interface SimulatorOptions {
  /** 0 = any free port. */
  port: number;
  host: string;
  /** Basic auth of get_auth_key and v2/transaction/payment. */
  secretKey: string;
  agentId: string;
  userId: string;
  /** Bearer token of the device cloud API. */
  deviceAccessToken: string;
  devices: readonly SimulatedDevice[];
  /** Lifetime of a session_key (its expired_date). */
  sessionKeyTtlMs: number;
  /** Lifetime of a PayPOS payment session; past it, unpaid, nothing more can be paid on it. */
  paymentSessionTtlMs: number;
  /** How long a device Sale is held before the terminal gives up. */
  deviceSaleTimeoutMs: number;
  /** POSTed after every successful approve, if set. */
  webhookUrl: string | undefined;
  /** Whether this merchant may use v2/transaction/payment (non-3D). */
  non3dAllowed: boolean;
  /**
   * Which reading of Paynet's pages to play where they disagree (quirks.ts); fields left out
   * keep §4's default. `PUT /_sim/quirks` changes them at run time, `DELETE` comes back here.
   */
  quirks: Partial<Quirks>;
  /** Receives one line per request (method, path, HTTP status); nothing else is ever logged. */
  log: ((line: string) => void) | undefined;
  /** The simulator's clock; tests may pass their own. */
  now: () => number;
}

export const DEFAULT_SESSION_KEY_TTL_MS = 30 * 60_000;
export const DEFAULT_PAYMENT_SESSION_TTL_MS = 5 * 60_000;
export const DEFAULT_DEVICE_SALE_TIMEOUT_MS = 120_000;

export const DEFAULT_OPTIONS: Readonly<SimulatorOptions> = Object.freeze({
  port: 0,
  host: '127.0.0.1',
  secretKey: 'sck_sim_demo',
  agentId: 'sim-agent',
  userId: 'sim-user',
  deviceAccessToken: 'dat_sim_demo',
  devices: Object.freeze([
    Object.freeze({ deviceId: 'P00134', label: 'Kasa 1' }),
    Object.freeze({ deviceId: 'P00135', label: 'Kasa 2' }),
  ]),
  sessionKeyTtlMs: DEFAULT_SESSION_KEY_TTL_MS,
  paymentSessionTtlMs: DEFAULT_PAYMENT_SESSION_TTL_MS,
  deviceSaleTimeoutMs: DEFAULT_DEVICE_SALE_TIMEOUT_MS,
  webhookUrl: undefined,
  non3dAllowed: true,
  quirks: DEFAULT_QUIRKS,
  log: undefined,
  now: Date.now,
});

export function resolveOptions(options: Partial<SimulatorOptions> = {}): SimulatorOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const resolved: SimulatorOptions = { ...DEFAULT_OPTIONS, ...defined };
  for (const name of ['sessionKeyTtlMs', 'paymentSessionTtlMs', 'deviceSaleTimeoutMs'] as const) {
    if (!Number.isFinite(resolved[name]) || resolved[name] <= 0) throw new RangeError(`simulator option ${name} must be a positive number of milliseconds`);
  }
  if (!Number.isInteger(resolved.port) || resolved.port < 0 || resolved.port > 65_535) throw new RangeError('simulator option port must be 0–65535');
  const ids = new Set(resolved.devices.map((device) => device.deviceId));
  if (ids.size !== resolved.devices.length) throw new RangeError('simulator option devices: deviceId must be unique');
  if (resolved.webhookUrl !== undefined) assertHttpUrl(resolved.webhookUrl, 'webhookUrl');
  resolved.quirks = resolveQuirks(resolved.quirks);
  return resolved;
}

export function assertHttpUrl(value: string, name: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RangeError(`simulator option ${name} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RangeError(`simulator option ${name} must be http(s)`);
}

/** The full quirks of a (partial) `quirks` option; a wrong field or value is a RangeError. */
export function resolveQuirks(quirks: Partial<Quirks>): Quirks {
  if (typeof quirks !== 'object' || quirks === null || Array.isArray(quirks)) throw new RangeError('simulator option quirks must be an object');
  try {
    return Object.freeze(parseQuirks(quirks as Record<string, unknown>));
  } catch (error) {
    throw new RangeError(`simulator option quirks: ${error instanceof Error ? error.message : String(error)}`);
  }
}
