import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '@liao/server';
import { build } from 'vite';

const WEB = path.resolve(import.meta.dirname, '../..');
/** Where the built lab page lies in the output, and so its address. */
export const LAB_PAGE = '/e2e/filterLab/index.html';

/**
 * Builds the lab page with the app's own vite config, so that the build's copy of human's
 * models (vendor/human/) and of tfjs' .wasm files (vendor/tfjs/) is the one the page loads.
 */
export async function buildLab(outDir: string): Promise<void> {
  await build({
    configFile: path.join(WEB, 'vite.config.ts'),
    root: WEB,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      rolldownOptions: { input: path.join(WEB, 'e2e/filterLab/index.html') },
    },
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  // As Liao's server sends it (@fastify/static); anything else and tfjs' wasm loader complains.
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
};

export interface LabServer {
  url: string;
  /** Every path asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves `dir` on 127.0.0.1 with the app's Content-Security-Policy, as Liao's server would. */
export async function serveLab(dir: string): Promise<LabServer> {
  const requests: string[] = [];
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://lab').pathname);
    requests.push(pathname);
    const file = path.resolve(root, `.${pathname}`);
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
