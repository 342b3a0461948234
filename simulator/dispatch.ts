/**
 * One request through the simulator, whatever the host: routing, the call log, fault injection,
 * and the control API. Every failure inside a handler becomes an answer; nothing a client sends
 * can bring the simulator down. The host has already read the body (under MAX_BODY_BYTES) and
 * writes the outcome, or closes the connection for `dropped`.
 */
import { ReturnCode, returnCodeName } from '../server/paynet/index.js';
import { checkCredentials, headerValue } from './auth.js';
import type { ApiRequest, SimContext } from './context.js';
import { CONTROL_PREFIX, handleControl } from './control.js';
import {
  BODY_TOO_LARGE,
  DROPPED,
  MAX_BODY_BYTES,
  jsonOutcome,
  parseJsonObject,
  textOutcome,
  truncatedJsonOutcome,
  type JsonObject,
  type Reply,
  type SimOutcome,
  type SimRequest,
} from './http-io.js';
import { pause } from './pause.js';
import { renderAnswer, type Answer } from './quirks.js';
import { InvalidRequest, deviceOk, paynetOk, validationAnswer } from './replies.js';
import { PAYNET_ROUTES, type PaynetRoute } from './routes.js';
import type { CallRecord } from './state.js';

/** The control API answers pages of other origins (the demo's phone panel). */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '600',
};

/** Fields worth keeping in the call log: identifiers only, never amounts, cards or keys. */
const CALL_ID_FIELDS = ['payment_session_id', 'reference_no', 'xact_id', 'transactionReferenceId', 'paymentId'] as const;

/** Handles one request and logs one line for it (method, path, status or "dropped", duration). */
export async function dispatch(ctx: SimContext, closing: AbortSignal, request: SimRequest): Promise<SimOutcome> {
  const startedAt = Date.now();
  const path = request.url.pathname;
  let outcome: SimOutcome;
  try {
    outcome = path.startsWith(CONTROL_PREFIX) ? controlRequest(ctx, request, path) : await paynetRequest(ctx, closing, request, path);
  } catch {
    // A bug in a handler must not take the simulator with it; the client sees a 500.
    outcome = textOutcome(500, 'Internal simulator error');
  }
  const shown = 'dropped' in outcome || request.gone?.aborted ? 'dropped' : String(outcome.status);
  ctx.options.log?.(`${request.method} ${path} ${shown} ${Date.now() - startedAt}ms`);
  return outcome;
}

async function paynetRequest(ctx: SimContext, closing: AbortSignal, request: SimRequest, path: string): Promise<SimOutcome> {
  const route = PAYNET_ROUTES.get(path);
  if (!route) return jsonOutcome({ status: 404, body: { error: `no endpoint ${path}` } });
  // Every Paynet answer is written here, through the quirks in force at that moment.
  const render = (answer: Answer): Reply => renderAnswer(answer, ctx.quirks.current);
  if (request.method !== 'POST') return jsonOutcome(render(validationAnswer(route.family, 'use POST', 405)), { allow: 'POST' });
  if (request.body === BODY_TOO_LARGE) return jsonOutcome(render(validationAnswer(route.family, 'request body is too large', 413)));

  // Checked first, as Web Crypto hashes asynchronously: from here to the handler's state change
  // nothing waits (but a latency fault), so one change notice covers the call and its work.
  const credentials = await checkCredentials(request.headers, ctx.options);
  const body = parseJsonObject(request.body);
  ctx.state.recordCall(callRecord(path, body, ctx.options.now()));
  ctx.changed();

  const fault = ctx.faults.take(path);
  if (fault.latencyMs > 0 && !(await pause(fault.latencyMs, closing))) return DROPPED;

  const contentType = headerValue(request.headers, 'content-type') ?? '';
  // Paynet's work: the handler changes the state synchronously, before its first await.
  const work = (): Promise<Answer> => {
    const answer = !contentType.toLowerCase().includes('application/json')
      ? Promise.resolve(validationAnswer(route.family, 'Content-Type must be application/json'))
      : body === undefined
        ? Promise.resolve(validationAnswer(route.family, 'request body must be a JSON object'))
        : run(ctx, route, { headers: request.headers, body, credentials });
    ctx.changed();
    return answer;
  };

  switch (fault.action) {
    case 'fail':
      if (fault.afterWork) await work();
      return textOutcome(fault.status ?? 503, 'Service Unavailable');
    case 'hang':
      if (fault.afterWork) await work();
      await ctx.faults.holding(untilAborted([ctx.faults.released, closing, request.gone]));
      return DROPPED;
    case 'drop':
      // Paynet acted; the answer is lost. A held device sale goes on without its caller.
      work().catch(() => undefined);
      return DROPPED;
    case 'code':
      if (fault.afterWork) await work();
      return jsonOutcome(render(codeAnswer(route, fault.code?.value ?? ReturnCode.servererror, fault.code?.message ?? null)));
    case 'malformed':
      return truncatedJsonOutcome(render(await work()));
    case undefined:
      return jsonOutcome(render(await work()));
  }
}

/** A 200 whose code is the fault's: Paynet's envelope, or the device API's own shape. */
function codeAnswer(route: PaynetRoute, value: number, message: string | null): Answer {
  const text = message ?? returnCodeName(value) ?? 'Simüle edilmiş sonuç kodu';
  if (route.family === 'device') return deviceOk({ status: value === 0 ? 'success' : 'failure', errorCode: value, errorMessage: text });
  return paynetOk(route.objectName, {}, value, text);
}

/** Resolves once any signal aborts: the faults are cleared, the simulator closes, or the client went away. */
function untilAborted(signals: ReadonlyArray<AbortSignal | undefined>): Promise<void> {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  return new Promise((resolve) => {
    if (present.some((signal) => signal.aborted)) return resolve();
    const done = (): void => {
      for (const signal of present) signal.removeEventListener('abort', done);
      resolve();
    };
    for (const signal of present) signal.addEventListener('abort', done, { once: true });
  });
}

/** Runs a handler; its validation errors become the endpoint's own validation answer. */
function run(ctx: SimContext, route: PaynetRoute, request: ApiRequest): Promise<Answer> {
  const asAnswer = (error: unknown): Answer => {
    if (error instanceof InvalidRequest) return validationAnswer(route.family, error.message);
    throw error;
  };
  try {
    return Promise.resolve(route.handler(ctx, request)).catch(asAnswer);
  } catch (error) {
    return Promise.resolve(asAnswer(error));
  }
}

function callRecord(path: string, body: JsonObject | undefined, now: number): CallRecord {
  const record: CallRecord = { path, at: new Date(now).toISOString() };
  for (const field of CALL_ID_FIELDS) {
    const value = body?.[field];
    if (typeof value === 'string' && value) record[field] = value;
  }
  return record;
}

function controlRequest(ctx: SimContext, request: SimRequest, path: string): SimOutcome {
  if (request.method === 'OPTIONS') return { status: 204, headers: { ...CORS_HEADERS }, body: '' };
  let reply: Reply;
  try {
    if (request.body === BODY_TOO_LARGE) {
      reply = { status: 413, body: { error: `body over ${MAX_BODY_BYTES} bytes` } };
    } else {
      const body = request.body.trim() === '' ? {} : parseJsonObject(request.body);
      reply = body === undefined ? { status: 400, body: { error: 'body must be a JSON object' } } : handleControl(ctx, request.method, path, request.url.searchParams, body);
      // A read changes nothing worth keeping (an expiry it brings up to date follows from the clock).
      if (request.method !== 'GET') ctx.changed();
    }
  } catch (error) {
    if (error instanceof InvalidRequest || error instanceof URIError) reply = { status: 400, body: { error: error.message } };
    else throw error;
  }
  return jsonOutcome(reply, CORS_HEADERS);
}
