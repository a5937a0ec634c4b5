import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The admin console, served by Carton at /admin/. `npm run dev -w web/admin` serves it with hot
 * reload and forwards the API (and the live feed's WebSocket) to a running Carton
 * (CARTON_API_URL, default http://127.0.0.1:9000).
 */
const api = process.env.CARTON_API_URL ?? 'http://127.0.0.1:9000';

export default defineConfig({
  root: import.meta.dirname,
  base: '/admin/',
  plugins: [react(), tailwindcss()],
  build: { outDir: 'dist/client', emptyOutDir: true, chunkSizeWarningLimit: 800 },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/admin/v1': { target: api, ws: true },
      '/files': { target: api },
    },
  },
});
