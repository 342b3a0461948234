import { defineConfig } from 'vite';

/**
 * Two library builds from one entry:
 * - default mode: `dist/paynet-checkout.js`, an ES module for apps; lit and lean-qr stay
 *   imports so the app's bundler shares one copy.
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
      sourcemap: true,
      lib: {
        entry: 'src/paynet-checkout.ts',
        name: 'PaynetCheckout',
        formats: [standalone ? 'iife' : 'es'],
        fileName: () => (standalone ? 'paynet-checkout.standalone.js' : 'paynet-checkout.js'),
      },
      rollupOptions: {
        external: standalone ? [] : [/^lit(\/|$)/, /^@lit\//, /^lean-qr(\/|$)/],
      },
    },
  };
});
