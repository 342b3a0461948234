import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev -w react` proxies the kit to the Express example (`npm start -w express`, port 8080).
export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
