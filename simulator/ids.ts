/**
 * Random identifiers. All come from the CSPRNG: an id that can be guessed is an id that can be
 * stolen. Through Web Crypto (server/web-crypto.ts), so the simulator runs in a browser too.
 */
import { randomBase64url, randomHex, randomInt, randomUuid } from '../server/web-crypto.js';

/** Opaque, URL-safe token of `bytes` random bytes. */
export function randomToken(bytes: number): string {
  return randomBase64url(bytes);
}

/** A version 4 UUID (payment sessions, xact_transaction_id, conversationId). */
export function newUuid(): string {
  return randomUuid();
}

export function newSessionKey(): string {
  return randomToken(32);
}

export function newPaymentSessionId(): string {
  return newUuid();
}

/** Paynet's xact_id is an encrypted id; ours is opaque random base64url of the same role. */
export function newXactId(): string {
  return randomToken(32);
}

export function newEncryptionKey(): string {
  return randomHex(32);
}

/** Paynet's plain transaction number (`id`): seed 004 shows a 7-digit integer. */
export function newTransactionNumber(): number {
  return randomInt(1_000_000, 10_000_000);
}

/** A string of `length` random decimal digits (authorisation codes, STAN, order ids). */
export function randomDigits(length: number): string {
  let digits = '';
  for (let i = 0; i < length; i++) digits += String(randomInt(0, 10));
  return digits;
}
