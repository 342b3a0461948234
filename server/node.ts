/**
 * Adapter from node:http to the backend's `handle(Request) → Response`:
 * `http.createServer(toNodeListener(backend.handle))`. Streams the request body into the
 * Request with the size limit enforced as bytes arrive (413 without reading the rest), and
 * passes the socket's address for rate limiting in a header no client can set.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { CLIENT_ADDRESS_HEADER } from './backend.js';
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
}

export function toNodeListener(handle: (request: Request) => Promise<Response>, options: NodeListenerOptions = {}): RequestListener {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return (req, res) => {
    void serve(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ error: { code: 'internal_error', message: 'Something went wrong on the server.' } }));
    });
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = toRequest(req, maxBodyBytes, options.trustProxy ?? false);
    const response = await handle(request);
    // A body we stopped reading (413, or a route that ignores it) must not be parsed as the next request.
    if (!req.complete) res.setHeader('connection', 'close');
    await writeResponse(response, res);
  }
}

function toRequest(req: IncomingMessage, maxBodyBytes: number, trustProxy: boolean): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    if (name.toLowerCase() === CLIENT_ADDRESS_HEADER) continue;
    headers.append(name, req.rawHeaders[i + 1]!);
  }
  const forwarded = trustProxy ? req.headers['x-forwarded-for']?.toString().split(',').at(-1)?.trim() : undefined;
  const address = forwarded || req.socket.remoteAddress;
  if (address) headers.set(CLIENT_ADDRESS_HEADER, address);

  const proto = trustProxy && req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
  const host = req.headers.host ?? 'localhost';
  const url = new URL(req.url ?? '/', `${proto}://${host}`);
  const method = req.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (method !== 'GET' && method !== 'HEAD') {
    init.body = limitedBody(req, maxBodyBytes);
    init.duplex = 'half';
  }
  return new Request(url, init);
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
