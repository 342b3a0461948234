/**
 * Builds the demo page with Vite's JS API. A production build, not the dev server: the dev
 * server injects styles from script, which a strict CSP (style-src 'self') rightly refuses,
 * and the demo must run under the policy we tell shops to use.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const DEMO_ROOT = fileURLToPath(new URL('../', import.meta.url));
export const DEFAULT_DEMO_OUT_DIR = fileURLToPath(new URL('../../node_modules/.cache/paynet-demo/', import.meta.url));

export async function buildDemoPage(outDir: string = DEFAULT_DEMO_OUT_DIR): Promise<string> {
  await build({
    root: DEMO_ROOT,
    configFile: false,
    logLevel: 'warn',
    base: '/',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: true,
      // Inlined assets would become data: URLs for scripts; keep every file a real file.
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
      rollupOptions: {
        input: { index: `${DEMO_ROOT}index.html`, plain: `${DEMO_ROOT}plain.html` },
      },
    },
  });
  // plain.html is what a shop without a bundler writes: one <script> tag loading the
  // self-contained build, which this proves works under the same policy.
  await build({
    root: REPO_ROOT,
    configFile: `${REPO_ROOT}vite.config.ts`,
    mode: 'standalone',
    logLevel: 'warn',
    build: { outDir: join(outDir, 'lib'), emptyOutDir: true },
  });
  return outDir;
}
