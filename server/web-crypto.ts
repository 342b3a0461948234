/**
 * The randomness and hashing the kit and the simulator need, through Web Crypto (the global
 * `crypto`: in Node ≥ 20 and in every browser), so that neither imports node:crypto and both
 * run in a browser page as well as in Node. All randomness comes from the CSPRNG.
 *
 * `crypto.subtle` exists only in secure contexts (https, localhost) in a browser; everything
 * else here works in any page.
 */

/** `length` random bytes. */
export function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  // getRandomValues fills at most 65,536 bytes per call.
  for (let offset = 0; offset < length; offset += 65_536) crypto.getRandomValues(bytes.subarray(offset, offset + 65_536));
  return bytes;
}

/** base64url without padding, as Node's `toString('base64url')` writes it. */
export function toBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** Lower-case hex, as Node's `toString('hex')` writes it. */
export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** An opaque URL-safe token of `bytes` random bytes. */
export function randomBase64url(bytes: number): string {
  return toBase64url(randomBytes(bytes));
}

export function randomHex(bytes: number): string {
  return toHex(randomBytes(bytes));
}

const UINT32_RANGE = 2 ** 32;

/**
 * A uniform integer in [min, max), like Node's `randomInt(min, max)`. Rejection sampling: a
 * draw from the top of the 32-bit range that would make the low values likelier is drawn again.
 */
export function randomInt(min: number, max: number): number {
  const range = max - min;
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || range <= 0 || range > UINT32_RANGE) throw new RangeError('randomInt needs integers with 0 < max - min <= 2^32');
  const limit = UINT32_RANGE - (UINT32_RANGE % range);
  const draw = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(draw);
    const value = draw[0] ?? 0;
    if (value < limit) return min + (value % range);
  }
}

/**
 * A version 4 UUID. Built from getRandomValues rather than `crypto.randomUUID()`, which a
 * browser offers only in secure contexts.
 */
export function randomUuid(): string {
  const bytes = randomBytes(16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = toHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** SHA-256 of the UTF-8 bytes of `text` (what Node's `createHash('sha256').update(text)` hashes). */
export async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

export async function sha256Base64url(text: string): Promise<string> {
  return toBase64url(await sha256(text));
}

/**
 * Whether two secrets are equal, in time that tells a prober nothing: both are hashed first,
 * so the loop always runs over 32 bytes whatever the lengths, and it never stops early (every
 * byte's difference is OR-ed into one accumulator). What node:crypto's timingSafeEqual over two
 * digests did, without node:crypto. Async because Web Crypto's digest is.
 */
export async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([sha256(given), sha256(expected)]);
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}
