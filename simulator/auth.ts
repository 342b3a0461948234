/**
 * Credential checks. Compared in constant time so a probe learns nothing from response times
 * (server/web-crypto.ts `sameSecret`: two SHA-256 digests compared byte by byte, never stopping
 * early).
 *
 * Web Crypto hashes asynchronously, so the credentials are checked once per call, before any
 * fault or handler runs (simulator-core.ts), and handlers read the verdict from the request.
 * That keeps each handler's work synchronous up to its state change, which the faults rely on:
 * a `drop` starts the work and loses the answer, and the work must be done by then.
 */
import { sameSecret } from '../server/web-crypto.js';
import type { SimHeaders } from './context.js';
import type { SimulatorOptions } from './options.js';

/** Which of the merchant's credentials a call carries. */
export interface Credentials {
  /** Paynet's Basic auth carries the secret key itself: `Authorization: Basic sck_…`. */
  readonly secretKey: boolean;
  /** The device cloud API's `Authorization: Bearer <access token>`. */
  readonly deviceToken: boolean;
}

function bearerOrBasic(headers: SimHeaders, scheme: 'Basic' | 'Bearer'): string | undefined {
  const header = headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^(\S+)\s+(\S+)$/.exec(header.trim());
  if (!match || match[1]?.toLowerCase() !== scheme.toLowerCase()) return undefined;
  return match[2];
}

async function carries(headers: SimHeaders, scheme: 'Basic' | 'Bearer', expected: string): Promise<boolean> {
  const given = bearerOrBasic(headers, scheme);
  return given !== undefined && (await sameSecret(given, expected));
}

export async function checkCredentials(headers: SimHeaders, options: Pick<SimulatorOptions, 'secretKey' | 'deviceAccessToken'>): Promise<Credentials> {
  const [secretKey, deviceToken] = await Promise.all([carries(headers, 'Basic', options.secretKey), carries(headers, 'Bearer', options.deviceAccessToken)]);
  return { secretKey, deviceToken };
}

export function headerValue(headers: SimHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
