/**
 * HTTP written by hand over node:net, for what fetch and node:http's client will not send: a
 * TRACE or CONNECT, a malformed, repeated or missing Host, an odd request-target. The answer
 * is read until the server closes the connection (every request here says `Connection: close`
 * or is HTTP/1.0), with chunked bodies decoded.
 */
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

export interface RawRequest {
  method: string;
  /** The request-target exactly as written on the wire. */
  target: string;
  /** `null`: no Host line at all. Default: the server's own host:port. */
  host?: string | null;
  /** Extra header lines, in order (may repeat a name, Host included). */
  headers?: ReadonlyArray<readonly [string, string]>;
  body?: string;
  version?: '1.0' | '1.1';
}

/** Sends one request to the server at `baseUrl` (http://127.0.0.1:port) and reads its answer. */
export function rawRequest(baseUrl: string, request: RawRequest, timeoutMs = 5_000): Promise<RawResponse> {
  const { hostname, port, host: ownHost } = new URL(baseUrl);
  const lines = [`${request.method} ${request.target} HTTP/${request.version ?? '1.1'}`];
  const host = request.host === undefined ? ownHost : request.host;
  if (host !== null) lines.push(`Host: ${host}`);
  for (const [name, value] of request.headers ?? []) lines.push(`${name}: ${value}`);
  if (request.body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(request.body)}`);
  lines.push('Connection: close');
  const bytes = `${lines.join('\r\n')}\r\n\r\n${request.body ?? ''}`;

  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname.replace(/^\[|\]$/g, ''));
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer to ${request.method} ${request.target} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (error) {
        reject(error);
      }
    });
    socket.write(bytes);
  });
}

function parseResponse(raw: Buffer): RawResponse {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`the server closed the connection without a complete answer (${raw.length} bytes: ${JSON.stringify(text.slice(0, 80))})`);
  const [statusLine = '', ...headerLines] = text.slice(0, end).split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
  if (status === undefined) throw new Error(`not an HTTP answer: ${JSON.stringify(statusLine)}`);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    headers[name] = headers[name] === undefined ? line.slice(colon + 1).trim() : `${headers[name]}, ${line.slice(colon + 1).trim()}`;
  }
  let body = raw.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1'));
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
  return { status: Number(status), headers, body: body.toString('utf8') };
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
    if (!(size > 0)) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
