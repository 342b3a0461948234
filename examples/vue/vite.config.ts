import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    vue({
      // <paynet-checkout> is a custom element, not a Vue component: Vue renders it as is.
      template: { compilerOptions: { isCustomElement: (tag) => tag === 'paynet-checkout' } },
    }),
  ],
  // `npm run dev -w vue` proxies the kit to the Express example (`npm start -w express`, port 8080).
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
