/** Credential checks. Compared in constant time so a probe learns nothing from response times. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

function sameSecret(given: string, expected: string): boolean {
  // Hashing first gives equal-length inputs, as timingSafeEqual needs, without leaking the length.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function bearerOrBasic(headers: IncomingHttpHeaders, scheme: 'Basic' | 'Bearer'): string | undefined {
  const header = headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^(\S+)\s+(\S+)$/.exec(header.trim());
  if (!match || match[1]?.toLowerCase() !== scheme.toLowerCase()) return undefined;
  return match[2];
}

/** Paynet's Basic auth carries the secret key itself: `Authorization: Basic sck_…`. */
export function hasSecretKey(headers: IncomingHttpHeaders, secretKey: string): boolean {
  const given = bearerOrBasic(headers, 'Basic');
  return given !== undefined && sameSecret(given, secretKey);
}

export function hasBearerToken(headers: IncomingHttpHeaders, token: string): boolean {
  const given = bearerOrBasic(headers, 'Bearer');
  return given !== undefined && sameSecret(given, token);
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
