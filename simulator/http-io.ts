/** Reading a request body under a size limit, and writing JSON replies. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Paynet requests are a few hundred bytes; anything near this is not a payment request. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface Reply {
  status: number;
  body: unknown;
}

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

export async function readBody(request: IncomingMessage, limitBytes = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw new BodyTooLargeError(`body over ${limitBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new BodyTooLargeError(`body over ${limitBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export type JsonObject = Record<string, unknown>;

/** The parsed body when it is a JSON object; undefined for anything else (array, scalar, bad JSON). */
export function parseJsonObject(text: string): JsonObject | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function writeJson(response: ServerResponse, reply: Reply, extraHeaders: Record<string, string> = {}): void {
  if (response.writableEnded || response.destroyed) return;
  const text = JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...extraHeaders,
  });
  response.end(text);
}

/** Answers with the first half of the JSON text: what a connection cut mid-answer leaves behind. */
export function writeTruncatedJson(response: ServerResponse, reply: Reply): void {
  if (response.writableEnded || response.destroyed) return;
  const text = JSON.stringify(reply.body);
  const cut = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  response.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(cut), 'cache-control': 'no-store' });
  response.end(cut);
}

export function writeText(response: ServerResponse, status: number, text: string): void {
  if (response.writableEnded || response.destroyed) return;
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
