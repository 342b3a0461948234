/**
 * Reads a JSON request body with the size limit enforced while streaming, so a client cannot
 * make the server buffer more than `maxBytes` whatever Content-Length claims.
 */
import { HttpError } from './http-response.js';

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

export async function readJsonObject(request: Request, maxBytes: number, options: { requireJsonType?: boolean } = {}): Promise<Record<string, unknown>> {
  if (options.requireJsonType !== false && !isJsonContentType(request.headers.get('content-type'))) {
    throw new HttpError(415, 'unsupported_media_type', 'Send the body as application/json.');
  }
  const text = await readText(request, maxBytes);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json', 'The body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'invalid_json', 'The body must be a JSON object.');
  }
  // 16 KiB of "[[[[" is thousands of levels: enough to overflow the stack of any recursive
  // walk later (the idempotency fingerprint is one) and turn bad input into a 500.
  if (depthExceeds(body, MAX_JSON_DEPTH)) throw new HttpError(400, 'invalid_json', `The body is nested deeper than ${MAX_JSON_DEPTH} levels.`);
  return body as Record<string, unknown>;
}

/** No request of the contract nests more than three levels (a card payment's `card`). */
export const MAX_JSON_DEPTH = 32;

/** Iterative, so the check itself cannot overflow the stack. */
function depthExceeds(value: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth > maxDepth) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

export async function readText(request: Request, maxBytes: number): Promise<string> {
  const bytes = await readBytesWithin(request, maxBytes);
  if (!bytes) throw tooLarge(maxBytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'invalid_json', 'The body is not valid UTF-8.');
  }
}

/**
 * The body's bytes, or undefined once Content-Length or the bytes read pass `maxBytes` (the
 * rest is not read). Also the simulator's reader for web Requests (simulator/web-adapter.ts).
 */
export async function readBytesWithin(request: Request, maxBytes: number): Promise<Uint8Array | undefined> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return undefined;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const mediaType = value.split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json';
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, 'payload_too_large', `The body is larger than ${maxBytes} bytes.`);
}
