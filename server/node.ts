/**
 * Adapter from node:http to the backend's `handle(Request) → Response`:
 * `createNodeServer(backend.handle)`, or `http.createServer(toNodeListener(backend.handle))`
 * plus `answerRefusedRequests(server)` for a server of your own. Streams the request body into
 * the Request with the size limit enforced as bytes arrive (413 without reading the rest), and
 * passes the socket's address for rate limiting in a header no client can set.
 *
 * Under a framework that hands on node's own request (Express, connect; see server/express.ts):
 * the URL is built from `req.originalUrl` when there is one, since those strip the mount path
 * from `req.url`; and a body a parser already read (the stream has ended) is rebuilt from
 * `req.body` instead of being waited for, under the same size limit.
 *
 * Whatever a client sends, the answer is a JSON `{error:{code,message}}` 4xx, never a 500: a
 * method a web Request cannot carry (TRACE; CONNECT and methods node:http does not know, such as
 * TRACK, through `answerRefusedRequests`) gets 405 with `Allow`; a missing, repeated or
 * malformed Host 400 `bad_host`; a request-target that is not a path 400 `bad_request_target`.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { CLIENT_ADDRESS_HEADER } from './backend.js';
import { redact } from './errors.js';
import { parseHostPort } from './host-policy.js';
import { DEFAULT_MAX_BODY_BYTES } from './handlers/request-body.js';
import { HttpError } from './handlers/http-response.js';

export interface NodeListenerOptions {
  /**
   * Behind your own reverse proxy: the client address is the last X-Forwarded-For entry
   * (the one the proxy appended), and the URL's scheme comes from X-Forwarded-Proto.
   */
  trustProxy?: boolean;
  /** Bodies larger than this are refused while streaming. Default 16 KiB. */
  maxBodyBytes?: number;
  /** Where an unexpected failure of the adapter goes (already redacted). Default: console.error. */
  onError?: (error: unknown, context: string) => void;
}

/**
 * The methods the kit's routes take, for the `Allow` of a 405 the adapter gives itself (it
 * does not know the route; the backend's own 405s name the route's methods exactly).
 */
export const ADAPTER_ALLOWED_METHODS = 'GET, HEAD, POST, OPTIONS';

/** Methods the Fetch standard forbids in a Request (`new Request` throws on them). */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** A node:http server for the backend, answering every request it can be sent (see the top). */
export function createNodeServer(handle: (request: Request) => Promise<Response>, options: NodeListenerOptions = {}): Server {
  // Without a Host, HTTP/1.1 gets a JSON 400 from the listener instead of node's bare one.
  return answerRefusedRequests(createServer({ requireHostHeader: false }, toNodeListener(handle, options)));
}

export function toNodeListener(handle: (request: Request) => Promise<Response>, options: NodeListenerOptions = {}): RequestListener {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const onError = options.onError ?? defaultOnError;
  return (req, res) => {
    void serve(req, res).catch((error: unknown) => {
      onError(error, 'node adapter');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ error: { code: 'internal_error', message: 'Something went wrong on the server.' } }));
    });
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The Request's signal aborts when the client goes before its answer (a held long-poll lets go).
    const clientGone = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) clientGone.abort();
    });
    const request = toRequest(req, maxBodyBytes, options.trustProxy ?? false, clientGone.signal);
    const response = request instanceof HttpError ? request.toResponse() : await handle(request);
    // A body we stopped reading (413, a refusal, a route that ignores it) must not be parsed as the next request.
    if (!req.complete) res.setHeader('connection', 'close');
    await writeResponse(response, res);
  }
}

/**
 * What node:http answers before any listener runs becomes an answer like the backend's own:
 * CONNECT (which node would answer by closing the connection) and methods its parser does not
 * know (TRACK) get 405 with `Allow`, other unparsable requests 400 `bad_request` (431 for
 * oversized headers, 408 for a request too slow to arrive).
 */
export function answerRefusedRequests(server: Server): Server {
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    writeRaw(socket, methodNotAllowed(req.method ?? 'CONNECT'));
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A response already under way on this connection cannot be followed by another one.
    const inProgress = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (error.code === 'ECONNRESET' || !socket.writable || inProgress) {
      socket.destroy();
      return;
    }
    const answer =
      error.code === 'HPE_INVALID_METHOD'
        ? methodNotAllowed('This method')
        : error.code === 'HPE_HEADER_OVERFLOW'
          ? new HttpError(431, 'headers_too_large', 'The request headers are too large.')
          : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? new HttpError(408, 'request_timeout', 'The request took too long to arrive.')
            : new HttpError(400, 'bad_request', 'The request is not well-formed HTTP.');
    writeRaw(socket, answer);
  });
  return server;
}

function methodNotAllowed(method: string): HttpError {
  const shown = /^[A-Za-z-]{1,20}$/.test(method) ? method : 'This method';
  return new HttpError(405, 'method_not_allowed', `${shown} is not served here. Use ${ADAPTER_ALLOWED_METHODS}.`, { allow: ADAPTER_ALLOWED_METHODS });
}

/** An answer written straight to a socket node:http has given up on, then the connection closed. */
function writeRaw(socket: Duplex, error: HttpError): void {
  const response = error.toResponse();
  const body = JSON.stringify({ error: { code: error.code, message: error.message } });
  const lines = [`HTTP/1.1 ${response.status} ${REASONS[response.status] ?? 'Error'}`];
  response.headers.forEach((value, name) => lines.push(`${name}: ${value}`));
  lines.push(`content-length: ${Buffer.byteLength(body)}`, 'connection: close');
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 405: 'Method Not Allowed', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

function toRequest(req: IncomingMessage, maxBodyBytes: number, trustProxy: boolean, signal: AbortSignal): Request | HttpError {
  const method = req.method ?? 'GET';
  if (FORBIDDEN_METHODS.has(method.toUpperCase())) return methodNotAllowed(method);

  const url = nodeRequestUrl(req, trustProxy);
  if (url instanceof HttpError) return url;

  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    if (name.toLowerCase() === CLIENT_ADDRESS_HEADER) continue;
    headers.append(name, req.rawHeaders[i + 1]!);
  }
  const forwarded = trustProxy ? req.headers['x-forwarded-for']?.toString().split(',').at(-1)?.trim() : undefined;
  const address = forwarded || req.socket.remoteAddress;
  if (address) headers.set(CLIENT_ADDRESS_HEADER, address);

  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal };
  if (method !== 'GET' && method !== 'HEAD') {
    if (req.readableEnded) {
      // A body parser (express.json() and the like) read the stream before us: nothing more will
      // arrive, so the body is what it left in req.body.
      const body = parsedBody(req, maxBodyBytes);
      if (body instanceof HttpError) return body;
      for (const name of ['content-length', 'content-encoding', 'transfer-encoding']) headers.delete(name);
      init.body = body;
    } else {
      init.body = limitedBody(req, maxBodyBytes);
      init.duplex = 'half';
    }
  }
  try {
    return new Request(url, init);
  } catch {
    // Only what the client sent can make this throw (a method or header a Request refuses).
    return new HttpError(400, 'bad_request', 'The request cannot be read.');
  }
}

/**
 * The bytes of a body another middleware has already read, from what it left in `req.body`: a
 * Buffer or string as it is (express.raw(), express.text()), anything else as JSON
 * (express.json(), express.urlencoded()); nothing there, an empty body. The Content-Type stays
 * the client's, so a form posted where JSON is required is still refused. Over `maxBytes`, 413.
 */
function parsedBody(req: IncomingMessage, maxBytes: number): Uint8Array<ArrayBuffer> | HttpError {
  const value = (req as IncomingMessage & { body?: unknown }).body;
  let bytes: Uint8Array<ArrayBuffer>;
  if (value instanceof Uint8Array) bytes = new Uint8Array(value);
  else if (typeof value === 'string') bytes = Buffer.from(value, 'utf8');
  else if (value === undefined) bytes = new Uint8Array(0);
  else {
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch {
      // Nested too deep for the stack, or a cycle: the client sent nothing the kit could read.
      return new HttpError(400, 'invalid_json', 'The body cannot be read as JSON.');
    }
    bytes = Buffer.from(json ?? '', 'utf8');
  }
  if (bytes.byteLength > maxBytes) return new HttpError(413, 'payload_too_large', `The body is larger than ${maxBytes} bytes.`);
  return bytes;
}

/**
 * The request's URL from its Host header and request-target, or the 400 to answer instead.
 * The Host must be one host or host:port (it names the authority the host policy and the CORS
 * check judge); the target a path (`/…`), or an absolute http(s) URL, whose authority HTTP
 * says then replaces the Host. The scheme is http, or X-Forwarded-Proto's https with `trustProxy`.
 * The target is `req.originalUrl` when a framework set one (Express and connect strip the
 * mount path from `req.url`, and the backend routes on the whole path), else `req.url`.
 */
export function nodeRequestUrl(req: IncomingMessage, trustProxy = false): URL | HttpError {
  const proto = trustProxy && req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
  const hosts: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'host') hosts.push(req.rawHeaders[i + 1]!);
  if (hosts.length === 0 || hosts[0] === '') return new HttpError(400, 'bad_host', 'The request has no Host header.');
  if (hosts.length > 1) return new HttpError(400, 'bad_host', 'The request has more than one Host header.');
  if (parseHostPort(hosts[0]!) === undefined) return new HttpError(400, 'bad_host', 'The Host header is not a host name or host:port.');
  let origin: string;
  try {
    origin = new URL(`${proto}://${hosts[0]!}`).origin;
  } catch {
    return new HttpError(400, 'bad_host', 'The Host header is not a host name or host:port.');
  }

  const target = requestTarget(req);
  // Made only when needed: an error object records a stack trace, on every request otherwise.
  const badTarget = (): HttpError => new HttpError(400, 'bad_request_target', 'The request target is not a path.');
  try {
    // Concatenated, not resolved: a target "//evil.example/x" is a path here, not another host.
    if (target.startsWith('/')) return new URL(`${origin}${target}`);
    const absolute = new URL(target);
    if ((absolute.protocol !== 'http:' && absolute.protocol !== 'https:') || absolute.username !== '' || absolute.password !== '') return badTarget();
    return absolute;
  } catch {
    return badTarget();
  }
}

/** `req.originalUrl` (Express, connect) when it is a string, else `req.url`. */
export function requestTarget(req: IncomingMessage): string {
  const original = (req as IncomingMessage & { originalUrl?: unknown }).originalUrl;
  return typeof original === 'string' ? original : (req.url ?? '');
}

/**
 * The request body as a web stream that errors with a 413 once more than `maxBytes` arrive.
 * The socket is left open so the 413 can still be written; the rest of the body is discarded
 * and the connection closed after the answer.
 */
function limitedBody(req: IncomingMessage, maxBytes: number): ReadableStream<Uint8Array> {
  let total = 0;
  let settled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => {
        if (settled) return;
        total += chunk.byteLength;
        if (total > maxBytes) {
          settled = true;
          controller.error(new HttpError(413, 'payload_too_large', `The body is larger than ${maxBytes} bytes.`));
          return;
        }
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 1) <= 0) req.pause();
      });
      req.on('end', () => {
        if (settled) return;
        settled = true;
        controller.close();
      });
      req.on('error', (error) => {
        if (settled) return;
        settled = true;
        controller.error(error);
      });
    },
    pull() {
      req.resume();
    },
    cancel() {
      settled = true;
      req.resume();
    },
  });
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const body = Buffer.from(await response.arrayBuffer());
  res.end(body);
}

function defaultOnError(error: unknown, context: string): void {
  const summary = error instanceof Error ? `${error.name}: ${redact(error.message)}` : 'non-error thrown';
  console.error(`[paynet-checkout] ${context}: ${summary}`);
}
