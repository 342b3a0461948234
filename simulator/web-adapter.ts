/**
 * The simulator core (simulator-core.ts) behind web-standard Request and Response: what a
 * browser host needs (a service worker's handler, or a `fetch` handed to the kit's PaynetClient)
 * and what Node tests use to wire the kit to the core with no HTTP server. Node-free.
 *
 * A dropped outcome (a `drop` or `hang` fault, a closed core) becomes what fetch does when a
 * connection closes unanswered: a TypeError (`simulatorFetch`), or `Response.error()` for a
 * handler that must answer with a Response (`simulatorResponse`).
 */
import { readBytesWithin } from '../server/handlers/request-body.js';
import { BODY_TOO_LARGE, MAX_BODY_BYTES, type SimOutcome, type SimRequest } from './http-io.js';
import type { SimulatorCore } from './simulator-core.js';

/**
 * The core's view of a web Request: its body read under MAX_BODY_BYTES. `gone` (by default the
 * request's own signal) ends a `hang` fault when it aborts.
 */
export async function toSimRequest(request: Request, gone: AbortSignal | undefined = request.signal): Promise<SimRequest> {
  const headers: Record<string, string> = {};
  // Headers gives lower-case names, and several values of one name joined by ", ".
  request.headers.forEach((value, name) => (headers[name] = value));
  return { method: request.method, url: new URL(request.url), headers, body: await readBody(request), ...(gone ? { gone } : {}) };
}

async function readBody(request: Request): Promise<string | typeof BODY_TOO_LARGE> {
  const bytes = await readBytesWithin(request, MAX_BODY_BYTES);
  if (!bytes) return BODY_TOO_LARGE;
  // Not fatal, and ignoreBOM keeps a leading BOM: the bytes decode as Node's Buffer does, so a
  // body the simulator refuses over node:http it refuses here too.
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

/** Statuses whose Response may carry no body. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** The outcome as a Response; a dropped one throws a TypeError, fetch's network error. */
export function toResponse(outcome: SimOutcome): Response {
  if ('dropped' in outcome) throw new TypeError('fetch failed: the Paynet simulator closed the connection without an answer');
  return new Response(NULL_BODY_STATUSES.has(outcome.status) ? null : outcome.body, { status: outcome.status, headers: outcome.headers });
}

/**
 * One web Request through the core, for a handler that answers with a Response (a service
 * worker's, msw's): a dropped connection is `Response.error()`, which the page's fetch rejects
 * with a TypeError as it would a connection closed unanswered.
 */
export async function simulatorResponse(core: SimulatorCore, request: Request): Promise<Response> {
  const outcome = await core.handle(await toSimRequest(request));
  return 'dropped' in outcome ? Response.error() : toResponse(outcome);
}

/**
 * A `fetch` answered by the core, for the kit's PaynetClient (`fetch` option) or any caller. As
 * fetch does, it rejects with the signal's reason as soon as the signal aborts, even while the
 * core still holds the call (a terminal sale, a `hang` fault).
 */
export function simulatorFetch(core: SimulatorCore): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const request = new Request(input, init);
    const { signal } = request;
    signal.throwIfAborted();
    let stop = (): void => undefined;
    const aborted = new Promise<never>((_resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      stop = () => signal.removeEventListener('abort', onAbort);
    });
    try {
      const answered = toSimRequest(request).then((simRequest) => core.handle(simRequest)).then(toResponse);
      return await Promise.race([answered, aborted]);
    } finally {
      stop();
    }
  };
}
