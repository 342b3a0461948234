/** Random identifiers. All come from the CSPRNG: an id that can be guessed is an id that can be stolen. */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/** Opaque, URL-safe token of `bytes` random bytes. */
export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

export function newSessionKey(): string {
  return randomToken(32);
}

export function newPaymentSessionId(): string {
  return randomUUID();
}

/** Paynet's xact_id is an encrypted id; ours is opaque random base64url of the same role. */
export function newXactId(): string {
  return randomToken(32);
}

export function newEncryptionKey(): string {
  return randomBytes(32).toString('hex');
}

/** Paynet's plain transaction number (`id`): seed 004 shows a 7-digit integer. */
export function newTransactionNumber(): number {
  return randomInt(1_000_000, 10_000_000);
}

/** A string of `length` random decimal digits (authorisation codes, STAN, order ids). */
export function randomDigits(length: number): string {
  let digits = '';
  for (let i = 0; i < length; i++) digits += String(randomInt(10));
  return digits;
}
