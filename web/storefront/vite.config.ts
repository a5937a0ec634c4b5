import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Two builds from one config: the browser's (`dist/client`, with a manifest so the server can
 * preload a page's chunks) and the server renderer (`vite build --ssr src/entry-server.tsx`,
 * `dist/server`), which the API process imports to render product and category pages.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), tailwindcss()],
  build: {
    outDir: 'dist/client',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
  },
  ssr: {
    // Bundled into the server build: the Tailwind class names and app code must match the client's.
    noExternal: [/^@carton\//],
  },
});
