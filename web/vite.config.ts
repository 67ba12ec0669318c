import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';

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

/**
 * react-aria bundles its own labels ("Close", "Select all"…) in 34 languages. Kanaal speaks Dutch,
 * French and English, so every other locale file is replaced by an empty object (react-aria then
 * falls back to the nearest language we ship). Saves about 40 kB of minified JavaScript.
 */
const KEPT_ARIA_LOCALES = new Set(['nl-NL', 'fr-FR', 'en-US']);
function onlyOurAriaLocales(): Plugin {
  const localeFile = /[\\/]react-(?:aria|stately|aria-components)[\\/].*[\\/]intl[\\/](?:[^\\/]+[\\/])?([a-z]{2}-[A-Z]{2})\.m?js$/;
  return {
    name: 'kanaal:only-our-aria-locales',
    enforce: 'pre',
    load(id) {
      const match = localeFile.exec(id.split('?')[0] ?? id);
      if (match?.[1] && !KEPT_ARIA_LOCALES.has(match[1])) return 'export default {};';
      return null;
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [onlyOurAriaLocales(), react()],
  build: {
    outDir: `${root}dist`,
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 900,
  },
  server: { port: 5173, proxy },
  preview: { proxy },
});
