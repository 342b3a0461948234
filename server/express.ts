/**
 * The backend as Express middleware (Express 4 and 5, connect, and anything else that calls
 * `(req, res, next)` with node's own request and response):
 *
 *   app.use('/api/paynet', paynetExpress(backend));          // or app.use(paynetExpress(backend))
 *   app.all('/api/paynet/*splat', paynetExpress(backend));   // Express 5's wildcard syntax
 *
 * Requests under the backend's `basePath` are answered by the kit through the Node adapter
 * (server/node.ts), with all it guarantees (Host checks, 413 while streaming, the client address
 * for rate limiting); every other request goes on to the app with `next()`. Routing uses
 * `req.originalUrl`, so the mount path Express strips from `req.url` does not matter — but it
 * must be the backend's `basePath` (or a prefix of it), which also makes the `statusUrl`s it
 * answers. A body parser mounted before it (express.json(), express.text(), express.raw(),
 * express.urlencoded()) is fine: the body it read is taken from `req.body`; without one the
 * body is streamed under the kit's size limit.
 *
 * No dependency on express, not even on its types: the request, response and `next` are
 * described by the little used of them, so a project without @types/express compiles.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_BASE_PATH } from './backend-options.js';
import { requestTarget, toNodeListener, type NodeListenerOptions } from './node.js';

export interface PaynetExpressOptions extends NodeListenerOptions {
  /** Requests outside it go to `next()`. Default: the backend's own `basePath` (else "/api/paynet"). */
  basePath?: string;
}

/** Node's request as Express and connect hand it on: `originalUrl` and `body` when they set them. */
export type ExpressLikeRequest = IncomingMessage & { originalUrl?: string; body?: unknown };

/** Express's `next`: called, with no argument, for a request the kit does not serve. */
export type ExpressLikeNext = (error?: unknown) => void;

/** Middleware in Express's shape; `app.use` and `app.all` accept it as it is. */
export type PaynetExpressMiddleware = (req: ExpressLikeRequest, res: ServerResponse, next: ExpressLikeNext) => void;

/**
 * `app.use('/api/paynet', paynetExpress(backend))`: the kit's routes as middleware; any other
 * path falls through to the app. `options` are the Node adapter's (`trustProxy`,
 * `maxBodyBytes`, `onError`) plus `basePath`, read from the backend when it has one.
 */
export function paynetExpress(
  backend: { handle(request: Request): Promise<Response>; readonly basePath?: string },
  options: PaynetExpressOptions = {},
): PaynetExpressMiddleware {
  const basePath = (options.basePath ?? backend.basePath ?? DEFAULT_BASE_PATH).replace(/\/+$/, '');
  const listener = toNodeListener(backend.handle, options);
  return (req, res, next) => {
    if (!isUnder(requestPath(requestTarget(req)), basePath)) {
      next();
      return;
    }
    listener(req, res);
  };
}

/** The path of a request-target (origin-form or absolute-form), undefined when it has none. */
function requestPath(target: string): string | undefined {
  try {
    // Concatenated, not resolved, as node.ts does: "//x/api/paynet/…" is a path, not a host.
    return (target.startsWith('/') ? new URL(`http://localhost${target}`) : new URL(target)).pathname;
  } catch {
    return undefined;
  }
}

function isUnder(path: string | undefined, basePath: string): boolean {
  return path !== undefined && path.startsWith(`${basePath}/`);
}
