/**
 * A shop's Express 5 server: the paynet-checkout kit under /api/paynet, and the shop's own
 * page — a built React, Vue or Angular app — at /. Run after `npm run build -w express`:
 *
 *   PORT=8080 STATIC_DIR=../react/dist \
 *   PAYNET_BASE_URL=http://127.0.0.1:4010 PAYNET_SECRET_KEY=sck_sim_demo PAYNET_AGENT_ID=sim-agent PAYNET_USER_ID=sim-user \
 *   npm start -w express
 *
 * (the simulator's demo credentials, for `node --import tsx simulator/main.ts --port 4010` at the
 * repository root; or your sandbox account's values with https://pts-api.paynet.com.tr.)
 */
import express from 'express';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { answerRefusedRequests, createPaynetCheckoutBackend, paynetConfigFromEnv, paynetExpress, type ResolvedOrder } from 'paynet-checkout/server';

/**
 * The shop's basket, priced here: the amount on the page is what the shopper is shown, never
 * what is charged. A real shop looks the order up by `body.reference` in its own records.
 */
const BASKET: Omit<ResolvedOrder, 'instalment'> = { amount: '149.90', description: 'Filter coffee x2, croissant' };

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';
const staticDir = process.env.STATIC_DIR === undefined ? undefined : resolve(process.env.STATIC_DIR);
if (staticDir !== undefined && !existsSync(resolve(staticDir, 'index.html'))) {
  throw new Error(`STATIC_DIR has no index.html: build the app first (${staticDir})`);
}

const backend = createPaynetCheckoutBackend({
  paynet: paynetConfigFromEnv(process.env),
  resolveOrder: async (body) => ({ ...BASKET, instalment: body.instalment, ...(body.reference === undefined ? {} : { reference: body.reference }) }),
  // In production: publicBaseUrl (PayPOS's callback_url, and the host this answers for) and a
  // durable store (openPostgresStore); see the kit's README.
  ...(process.env.PUBLIC_BASE_URL === undefined ? {} : { publicBaseUrl: process.env.PUBLIC_BASE_URL }),
});

const app = express();
app.disable('x-powered-by');
// The kit's routes (its basePath, /api/paynet); every other request goes on to the page.
app.use('/api/paynet', paynetExpress(backend));
if (staticDir !== undefined) {
  app.use(express.static(staticDir));
  // Client-side routes (/wrapper, …) get the app's page.
  app.get('/{*path}', (_request, response) => response.sendFile(resolve(staticDir, 'index.html')));
}

const server = answerRefusedRequests(
  app.listen(port, host, () => {
    console.log(`shop on http://${host}:${port} (kit under /api/paynet${staticDir === undefined ? '' : `, page from ${staticDir}`})`);
  }),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.closeAllConnections();
    server.close();
    void backend.close().then(() => process.exit(0));
  });
}
