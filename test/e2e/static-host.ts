/**
 * A plain static file server for the static demo: express.static over a folder, mounted under
 * a sub-path as a GitHub Pages project site would be. No project code runs on its side.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

export const STATIC_SUB_PATH = '/paynet-checkout/';

export interface StaticHost {
  /** The site's URL, ending in the sub-path: "http://127.0.0.1:<port>/paynet-checkout/". */
  url: string;
  close(): Promise<void>;
}

export async function serveFolder(dir: string): Promise<StaticHost> {
  const app = express();
  app.use(STATIC_SUB_PATH, express.static(dir));
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${STATIC_SUB_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
