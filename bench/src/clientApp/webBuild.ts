import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const WEB_ROOT = path.resolve(import.meta.dirname, '../../../packages/web');

/**
 * Builds the web app in Vite's `bench` mode into a fresh folder: the production build plus the
 * handle (state/sdk.ts) through which the benchmark fills the local cache before it measures.
 */
export function buildBenchWebApp(): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-bench-web-'));
  const vite = path.resolve(WEB_ROOT, '../../node_modules/vite/bin/vite.js');
  execFileSync(process.execPath, [vite, 'build', '--mode', 'bench', '--outDir', dir, '--emptyOutDir'], {
    cwd: WEB_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
