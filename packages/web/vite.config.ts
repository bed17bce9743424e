import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development the API runs separately (`npm start`, port 8080 unless LIAO_DEV_SERVER says
// otherwise); vite proxies /api and /ws to it so the page and the API share one origin, as
// they do in production. See README.md for LIAO_ALLOWED_ORIGINS.
const devServer = process.env.LIAO_DEV_SERVER ?? 'http://localhost:8080';

export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    // The server's CSP has no 'unsafe-inline': every asset must be a file.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      '/api': { target: devServer },
      '/ws': { target: devServer.replace(/^http/, 'ws'), ws: true },
    },
  },
});
