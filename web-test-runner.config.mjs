// Browser unit tests: real headless Chromium (Debian's), TypeScript through esbuild,
// msw's service worker served at the site root so it controls the test page.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const require = createRequire(import.meta.url);
const mswWorkerPath = require.resolve('msw/mockServiceWorker.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A service worker only controls pages inside the folder it is served from: serve it at /. */
function mswWorker() {
  return async (ctx, next) => {
    if (ctx.path === '/mockServiceWorker.js') {
      ctx.type = 'application/javascript';
      ctx.set('Service-Worker-Allowed', '/');
      ctx.body = await readFile(mswWorkerPath, 'utf8');
      return;
    }
    return next();
  };
}

export default {
  files: ['test/**/*.test.ts', '!test/server/**', '!test/simulator/**', '!test/e2e/**', '!test/demo/**', '!test/faults/**', '!test/ssr/**', '!test/package/**', '!test/examples/**'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  middleware: [mswWorker()],
  // Lit's development build (for its warnings about real mistakes), minus the one warning
  // that it is the development build.
  testRunnerHtml: (testFramework) => `<!doctype html>
    <html>
      <body>
        <script>globalThis.litIssuedWarnings = new Set(['dev-mode']);</script>
        <script type="module" src="${testFramework}"></script>
      </body>
    </html>`,
  concurrency: 2,
  // Generous: on a busy machine (2 cores, load 10–15) a test that takes a second here takes
  // ten or more, axe's first audit on a page alone several. Waits inside a test give up sooner
  // (test/element/helpers.ts, WAIT_LIMIT_MS) and say what they waited for.
  testFramework: { config: { timeout: 60_000 } },
  browsers: [
    chromeLauncher({
      // Each test page in its own browser context (its own window, storage and
      // BroadcastChannel scope): two pages run at once, and a page left behind as a hidden
      // tab gets no animation frames, so fixtures waiting for one would never resolve.
      createPage: async ({ browser }) => (await browser.createBrowserContext()).newPage(),
      launchOptions: {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
          '--disable-background-networking', '--disable-component-update', '--disable-sync',
        ],
      },
    }),
  ],
};
