// server/README.md's ES module server, run by test/server/kit-entry.test.ts from an installed copy of the package.
// README: esm
import { createServer } from 'node:http';
import { createPaynetCheckoutBackend, paynetConfigFromEnv, toNodeListener } from 'paynet-checkout/server';

const backend = createPaynetCheckoutBackend({ paynet: paynetConfigFromEnv(process.env) });
createServer(toNodeListener(backend.handle)).listen(Number(process.env.PORT ?? 8787));
// README end
