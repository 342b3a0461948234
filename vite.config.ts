import { defineConfig } from 'vite';

/**
 * Two library builds:
 * - default mode: ES modules for apps, `dist/paynet-checkout.js` (registers the tag) and
 *   `dist/react.js` (the React wrapper, `paynet-checkout/react`). Both are entries of one
 *   build; the wrapper uses only the element entry's own exports, so `allow-extension` lets
 *   the element's code stay in `dist/paynet-checkout.js` and `dist/react.js` import it from
 *   `./paynet-checkout.js`: one module, one `PaynetCheckout` class, the tag defined once
 *   (anything else two entries share would go to `dist/chunks/`). lit, @lit/react, lean-qr
 *   and react stay imports so the app's bundler shares one copy.
 * - `--mode standalone`: `dist/paynet-checkout.standalone.js`, one minified IIFE with
 *   everything inlined, for a plain `<script>` tag.
 */
export default defineConfig(({ mode }) => {
  const standalone = mode === 'standalone';
  return {
    build: {
      emptyOutDir: !standalone,
      target: 'es2022',
      minify: true,
      // The script-tag build ships its map; the ES modules go through the app's bundler, which
      // maps what it emits.
      sourcemap: standalone,
      lib: standalone
        ? {
            entry: 'src/paynet-checkout.ts',
            name: 'PaynetCheckout',
            formats: ['iife'],
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
        output: standalone ? {} : { chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  };
});
