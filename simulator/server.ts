/**
 * The HTTP front of the simulator: routing, body reading under a size limit, the call log,
 * and fault injection. Every failure inside a handler becomes an answer; nothing a client
 * sends can bring the simulator down.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ReturnCode, returnCodeName } from '../server/paynet/index.js';
import type { ApiRequest, SimContext } from './context.js';
import { CONTROL_PREFIX, handleControl } from './control.js';
import { BodyTooLargeError, parseJsonObject, readBody, writeJson, writeText, writeTruncatedJson, type JsonObject, type Reply } from './http-io.js';
import { pause } from './pause.js';
import { renderAnswer, type Answer } from './quirks.js';
import { InvalidRequest, deviceOk, paynetOk, validationAnswer } from './replies.js';
import { PAYNET_ROUTES, type PaynetRoute } from './routes.js';
import type { CallRecord } from './state.js';

const CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '600',
};

/** Fields worth keeping in the call log: identifiers only, never amounts, cards or keys. */
const CALL_ID_FIELDS = ['payment_session_id', 'reference_no', 'xact_id', 'transactionReferenceId', 'paymentId'] as const;

export function createSimulatorServer(ctx: SimContext, closing: AbortSignal): Server {
  const server = createServer((request, response) => {
    const startedAt = Date.now();
    const path = new URL(request.url ?? '/', 'http://simulator').pathname;
    response.on('close', () => {
      const outcome = response.writableFinished ? String(response.statusCode) : 'dropped';
      ctx.options.log?.(`${request.method ?? '?'} ${path} ${outcome} ${Date.now() - startedAt}ms`);
    });
    handle(ctx, closing, request, response, path).catch(() => {
      // A bug in a handler must not take the simulator with it; the client sees a 500.
      if (!response.headersSent) writeText(response, 500, 'Internal simulator error');
      else response.destroy();
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  return server;
}

async function handle(ctx: SimContext, closing: AbortSignal, request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
  if (path.startsWith(CONTROL_PREFIX)) return handleControlRequest(ctx, request, response, path);
  const route = PAYNET_ROUTES.get(path);
  if (!route) return writeJson(response, { status: 404, body: { error: `no endpoint ${path}` } });
  // Every Paynet answer is written here, through the quirks in force at that moment.
  const write = (answer: Answer): void => writeJson(response, renderAnswer(answer, ctx.quirks.current));
  if (request.method !== 'POST') return writeJson(response, renderAnswer(validationAnswer(route.family, 'use POST', 405), ctx.quirks.current), { allow: 'POST' });

  let text: string;
  try {
    text = await readBody(request);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return write(validationAnswer(route.family, 'request body is too large', 413));
    throw error;
  }
  const body = parseJsonObject(text);
  ctx.state.recordCall(callRecord(path, body, ctx.options.now()));

  const fault = ctx.faults.take(path);
  if (fault.latencyMs > 0 && !(await pause(fault.latencyMs, closing))) return;

  const contentType = request.headers['content-type'] ?? '';
  // Paynet's work: the handler changes the state synchronously, before its first await.
  const work = (): Promise<Answer> =>
    !contentType.toLowerCase().includes('application/json')
      ? Promise.resolve(validationAnswer(route.family, 'Content-Type must be application/json'))
      : body === undefined
        ? Promise.resolve(validationAnswer(route.family, 'request body must be a JSON object'))
        : run(ctx, route, { headers: request.headers, body });

  switch (fault.action) {
    case 'fail':
      if (fault.afterWork) await work();
      return writeText(response, fault.status ?? 503, 'Service Unavailable');
    case 'hang':
      if (fault.afterWork) await work();
      await ctx.faults.holding(untilGone(response, [ctx.faults.released, closing]));
      request.socket.destroy();
      return;
    case 'drop':
      // Paynet acted; the answer is lost. A held device sale goes on without its caller.
      work().catch(() => undefined);
      request.socket.destroy();
      return;
    case 'code':
      if (fault.afterWork) await work();
      return write(codeAnswer(route, fault.code?.value ?? ReturnCode.servererror, fault.code?.message ?? null));
    case 'malformed':
      return writeTruncatedJson(response, renderAnswer(await work(), ctx.quirks.current));
    case undefined:
      return write(await work());
  }
}

/** A 200 whose code is the fault's: Paynet's envelope, or the device API's own shape. */
function codeAnswer(route: PaynetRoute, value: number, message: string | null): Answer {
  const text = message ?? returnCodeName(value) ?? 'Simüle edilmiş sonuç kodu';
  if (route.family === 'device') return deviceOk({ status: value === 0 ? 'success' : 'failure', errorCode: value, errorMessage: text });
  return paynetOk(route.objectName, {}, value, text);
}

/** Resolves once the client has gone (its connection closed) or any signal aborts. */
function untilGone(response: ServerResponse, signals: readonly AbortSignal[]): Promise<void> {
  return new Promise((resolve) => {
    const socket = response.socket;
    if (response.destroyed || !socket || socket.destroyed || signals.some((signal) => signal.aborted)) return resolve();
    const done = (): void => {
      response.off('close', done);
      for (const signal of signals) signal.removeEventListener('abort', done);
      resolve();
    };
    response.once('close', done);
    for (const signal of signals) signal.addEventListener('abort', done, { once: true });
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

async function handleControlRequest(ctx: SimContext, request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
  const method = request.method ?? 'GET';
  if (method === 'OPTIONS') {
    response.writeHead(204, CORS_HEADERS);
    response.end();
    return;
  }
  let reply: Reply;
  try {
    const text = await readBody(request);
    const body = text.trim() === '' ? {} : parseJsonObject(text);
    const query = new URL(request.url ?? '/', 'http://simulator').searchParams;
    reply = body === undefined ? { status: 400, body: { error: 'body must be a JSON object' } } : handleControl(ctx, method, path, query, body);
  } catch (error) {
    if (error instanceof InvalidRequest || error instanceof URIError) reply = { status: 400, body: { error: error.message } };
    else if (error instanceof BodyTooLargeError) reply = { status: 413, body: { error: error.message } };
    else throw error;
  }
  writeJson(response, reply, CORS_HEADERS);
}
