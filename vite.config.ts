import { defineConfig } from 'vite';
import { minifyCssLiterals } from './scripts/minify-literals-plugin.js';

/**
 * Two library builds:
 * - default mode: ES modules for apps, `dist/paynet-checkout.js` (registers the tag) and
 *   `dist/react.js` (the React wrapper, `paynet-checkout/react`). Both are entries of one
 *   build; the wrapper uses only the element entry's own exports, so `allow-extension` lets
 *   the element's code stay in `dist/paynet-checkout.js` and `dist/react.js` import it from
 *   `./paynet-checkout.js`: one module, one `PaynetCheckout` class, the tag defined once
 *   (anything else two entries share would go to `dist/chunks/`). lit, @lit/react, lean-qr
 *   and react stay imports so the app's bundler shares one copy.
 * - `--mode standalone`: `dist/paynet-checkout.standalone.js`, a minified ES module with
 *   everything resolved (no bare imports), for a plain `<script type="module">` tag. It loads
 *   its lazy chunks (src/lazy/chunks.ts) from `dist/standalone/`, relative to its own URL.
 * Both split where src/lazy/chunks.ts imports on demand: the first script is the sale form.
 */
export default defineConfig(({ mode }) => {
  const standalone = mode === 'standalone';
  return {
    plugins: [minifyCssLiterals()],
    build: {
      emptyOutDir: !standalone,
      target: 'es2022',
      minify: true,
      // The script-tag build ships its map; the ES modules go through the app's bundler, which
      // maps what it emits.
      sourcemap: standalone,
      lib: standalone
        ? {
            entry: 'src/paynet-checkout.standalone.ts',
            formats: ['es'],
            fileName: () => 'paynet-checkout.standalone.js',
          }
        : {
            entry: { 'paynet-checkout': 'src/paynet-checkout.ts', react: 'src/frameworks/react.ts' },
            formats: ['es'],
            fileName: (_format, entryName) => `${entryName}.js`,
          },
      rollupOptions: {
        external: standalone ? [] : [/^lit(\/|$)/, /^@lit\//, /^lean-qr(\/|$)/, /^react(\/|$)/],
        preserveEntrySignatures: 'allow-extension',
        output: {
          chunkFileNames: standalone ? 'standalone/[name]-[hash].js' : 'chunks/[name]-[hash].js',
        },
      },
    },
  };
});
