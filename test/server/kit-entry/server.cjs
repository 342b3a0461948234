// server/README.md's CommonJS server, run by test/server/kit-entry.test.ts from an installed copy of the package.
// README: cjs
const { createServer } = require('node:http');
const { createPaynetCheckoutBackend, paynetConfigFromEnv, toNodeListener } = require('paynet-checkout/server');

const backend = createPaynetCheckoutBackend({ paynet: paynetConfigFromEnv(process.env) });
createServer(toNodeListener(backend.handle)).listen(Number(process.env.PORT ?? 8787));
// README end
