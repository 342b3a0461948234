/**
 * The simulator's HTTP vocabulary, the same in every host: what a host hands the core
 * (`SimRequest`) and what it gets back (`SimOutcome`), JSON bodies, and the answers written as
 * outcomes. No Node module here: reading a body off a socket and writing an outcome back are the
 * host's (server.ts for node:http, web-adapter.ts for web Requests).
 */
import type { SimHeaders } from './context.js';

/** Paynet requests are a few hundred bytes; anything near this is not a payment request. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The body a host did not read because it was over MAX_BODY_BYTES: answered 413. */
export const BODY_TOO_LARGE: unique symbol = Symbol('body over MAX_BODY_BYTES');

export interface SimRequest {
  method: string;
  /** Only `pathname` and `search` are read. */
  url: URL;
  /** Lower-case names. */
  headers: SimHeaders;
  /** The body as the host read it (UTF-8), or BODY_TOO_LARGE when it refused past MAX_BODY_BYTES. */
  body: string | typeof BODY_TOO_LARGE;
  /** Aborts when the client went away: ends a `hang` fault. */
  gone?: AbortSignal;
}

/** An answer to write. */
export interface SimAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** An answer to write, or `dropped`: close the connection without one (fetch's network error). */
export type SimOutcome = SimAnswer | { dropped: true };

export const DROPPED: SimOutcome = Object.freeze({ dropped: true });

export interface Reply {
  status: number;
  body: unknown;
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

const JSON_HEADERS: Readonly<Record<string, string>> = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function jsonOutcome(reply: Reply, extraHeaders: Record<string, string> = {}): SimAnswer {
  return { status: reply.status, headers: { ...JSON_HEADERS, ...extraHeaders }, body: JSON.stringify(reply.body) };
}

/** The first half of the JSON text: what a connection cut mid-answer leaves behind. */
export function truncatedJsonOutcome(reply: Reply): SimAnswer {
  const text = JSON.stringify(reply.body);
  return { status: reply.status, headers: { ...JSON_HEADERS }, body: text.slice(0, Math.max(1, Math.floor(text.length / 2))) };
}

export function textOutcome(status: number, text: string): SimAnswer {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text };
}
