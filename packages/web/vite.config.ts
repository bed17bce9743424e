import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
// JSON rather than the TS module beside it, which the app imports: vite loads its config
// without resolving extensionless TS imports.
import humanAssets from './src/features/calls/filters/engine/humanAssets.json' with { type: 'json' };

// In development the API runs separately (`npm start`, port 8080 unless LIAO_DEV_SERVER says
// otherwise); vite proxies /api and /ws to it so the page and the API share one origin, as
// they do in production. See README.md for LIAO_ALLOWED_ORIGINS.
const devServer = process.env.LIAO_DEV_SERVER ?? 'http://localhost:8080';

/** The models folder of the @vladmandic/human package, beside its dist/. */
const humanModelsDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@vladmandic/human')),
  '../models',
);

/**
 * Serves human's face models from our own origin (issue 19: nothing fetched from another host):
 * the build copies exactly the files stickers need into dist/vendor/human/, and the dev server
 * answers the same paths from node_modules. Written here rather than taken from a copy plugin:
 * it is four files and a dozen lines.
 */
function vendorHuman(): Plugin {
  const { basePath, modelFiles } = humanAssets;
  return {
    name: 'liao:vendor-human',
    configureServer(server) {
      server.middlewares.use(basePath, (req, res, next) => {
        const name = (req.url ?? '').replace(/^\//, '').split('?')[0] ?? '';
        if (!modelFiles.includes(name)) return next();
        res.setHeader(
          'content-type',
          name.endsWith('.json') ? 'application/json' : 'application/octet-stream',
        );
        fs.createReadStream(path.join(humanModelsDir, name)).pipe(res);
      });
    },
    generateBundle() {
      for (const name of modelFiles) {
        this.emitFile({
          type: 'asset',
          fileName: `${basePath.replace(/^\//, '')}${name}`,
          source: fs.readFileSync(path.join(humanModelsDir, name)),
        });
      }
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [react(), vendorHuman()],
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    // The server's CSP has no 'unsafe-inline': every asset must be a file.
    assetsInlineLimit: 0,
  },
  // The face tracker's worker (call stickers) is a module, as the app's code is.
  worker: { format: 'es' },
  server: {
    proxy: {
      '/api': { target: devServer },
      '/ws': { target: devServer.replace(/^http/, 'ws'), ws: true },
    },
  },
});
