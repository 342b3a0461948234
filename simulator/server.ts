/**
 * The node:http host of the simulator core (simulator-core.ts): reads each request's body under
 * the size limit, hands it to the core, and writes the outcome, or destroys the socket for a
 * dropped one. Behaviour lives in the core; this only moves bytes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BODY_TOO_LARGE, MAX_BODY_BYTES, textOutcome, type SimAnswer, type SimRequest } from './http-io.js';
import type { SimulatorCore } from './simulator-core.js';

export function createSimulatorServer(core: SimulatorCore): Server {
  const server = createServer((request, response) => {
    const gone = new AbortController();
    // Also fires after an answer is written; by then nothing waits on it.
    response.once('close', () => gone.abort());
    serve(core, request, response, gone.signal).catch(() => {
      // A body the client stopped sending halfway, or a bug: a 500 if anything can still be written.
      if (!response.headersSent) writeOutcome(response, textOutcome(500, 'Internal simulator error'));
      else response.destroy();
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  return server;
}

async function serve(core: SimulatorCore, request: IncomingMessage, response: ServerResponse, gone: AbortSignal): Promise<void> {
  const simRequest: SimRequest = {
    method: request.method ?? 'GET',
    url: new URL(request.url ?? '/', 'http://simulator'),
    headers: request.headers,
    body: await readBody(request),
    gone,
  };
  const outcome = await core.handle(simRequest);
  if ('dropped' in outcome) request.socket.destroy();
  else writeOutcome(response, outcome);
}

/** The body as UTF-8, or BODY_TOO_LARGE as soon as it is declared or read past the limit. */
async function readBody(request: IncomingMessage, limitBytes = MAX_BODY_BYTES): Promise<string | typeof BODY_TOO_LARGE> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return BODY_TOO_LARGE;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) return BODY_TOO_LARGE;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function writeOutcome(response: ServerResponse, outcome: SimAnswer): void {
  if (response.writableEnded || response.destroyed) return;
  const length = outcome.status === 204 ? {} : { 'content-length': Buffer.byteLength(outcome.body) };
  response.writeHead(outcome.status, { ...outcome.headers, ...length });
  response.end(outcome.body);
}
