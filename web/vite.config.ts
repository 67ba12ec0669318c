import react from '@vitejs/plugin-react';
import { defineConfig, type ProxyOptions } from 'vite';

const root = decodeURIComponent(new URL('.', import.meta.url).pathname);
const backend = process.env.KANAAL_DEV_BACKEND ?? 'http://localhost:8080';

/** `/reports/…` is shared: the server renders print pages there, the app owns the rest. */
const SPA_REPORT_PATHS = /^\/reports(\/inventory)?\/?(\?.*)?$/;

const proxy: Record<string, ProxyOptions> = {
  '/api': { target: backend, changeOrigin: false },
  '/directory': { target: backend, changeOrigin: false },
  '/reports': {
    target: backend,
    changeOrigin: false,
    // Let Vite serve the app for its own report routes; only server pages (e.g. /print) go to the backend.
    bypass: (req) => (req.url && SPA_REPORT_PATHS.test(req.url) ? '/index.html' : undefined),
  },
};

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: `${root}dist`,
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 900,
  },
  server: { port: 5173, proxy },
  preview: { proxy },
});
