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

const require = createRequire(import.meta.url);

/** The models folder of the @vladmandic/human package, beside its dist/. */
const humanModelsDir = path.join(path.dirname(require.resolve('@vladmandic/human')), '../models');

/**
 * The .wasm files of tfjs' WebAssembly backend: human bundles its JavaScript (tfjs 4.22.0) but
 * not these, which @tensorflow/tfjs-backend-wasm of the same version ships in dist/.
 */
const tfjsWasmDir = path.join(
  path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
  'dist',
);

/** Files served under one path of our origin, from one folder of node_modules. */
interface VendorFolder {
  basePath: string;
  dir: string;
  files: readonly string[];
}

const VENDOR_FOLDERS: VendorFolder[] = [
  { basePath: humanAssets.basePath, dir: humanModelsDir, files: humanAssets.modelFiles },
  { basePath: humanAssets.wasmBasePath, dir: tfjsWasmDir, files: humanAssets.wasmFiles },
];

function contentType(name: string): string {
  if (name.endsWith('.json')) return 'application/json';
  // What the server sends too (@fastify/static): tfjs then compiles the .wasm as it downloads.
  if (name.endsWith('.wasm')) return 'application/wasm';
  return 'application/octet-stream';
}

/**
 * Serves human's face models and tfjs' .wasm files from our own origin (issue 19: nothing
 * fetched from another host): the build copies exactly the files stickers need into
 * dist/vendor/human/ and dist/vendor/tfjs/, and the dev server answers the same paths from
 * node_modules. Written here rather than taken from a copy plugin: it is six files and a
 * dozen lines.
 */
function vendorHuman(): Plugin {
  return {
    name: 'liao:vendor-human',
    configureServer(server) {
      for (const { basePath, dir, files } of VENDOR_FOLDERS) {
        server.middlewares.use(basePath, (req, res, next) => {
          const name = (req.url ?? '').replace(/^\//, '').split('?')[0] ?? '';
          if (!files.includes(name)) return next();
          res.setHeader('content-type', contentType(name));
          fs.createReadStream(path.join(dir, name)).pipe(res);
        });
      }
    },
    generateBundle() {
      for (const { basePath, dir, files } of VENDOR_FOLDERS) {
        for (const name of files) {
          this.emitFile({
            type: 'asset',
            fileName: `${basePath.replace(/^\//, '')}${name}`,
            source: fs.readFileSync(path.join(dir, name)),
          });
        }
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
