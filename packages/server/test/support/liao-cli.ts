import { spawn } from 'node:child_process';
import path from 'node:path';
import type { TestServer } from './harness';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const CLI = path.join(ROOT, 'packages/server/src/admin/cli.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The LIAO_* environment that points the admin command line at a test server's data. */
export function cliEnvOf(t: Pick<TestServer, 'server'>): Record<string, string> {
  const config = t.server.ctx.config;
  return {
    LIAO_DATA_DIR: config.dataDir,
    ...(config.databaseUrl ? { LIAO_DATABASE_URL: config.databaseUrl } : {}),
    ...(config.databaseSchema ? { LIAO_DATABASE_SCHEMA: config.databaseSchema } : {}),
    ...(config.redisUrl ? { LIAO_REDIS_URL: config.redisUrl, LIAO_REDIS_PREFIX: config.redisPrefix } : {}),
  };
}

/**
 * Runs `npm run liao -- …` as the operator would, minus npm itself: the same tsx on the same
 * entry, as a separate process with only the given LIAO_* environment.
 */
export function runLiao(
  args: string[],
  env: Record<string, string>,
  options: { stdin?: string; cwd?: string } = {},
): Promise<CliResult> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LIAO_')));
  const child = spawn(TSX, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...inherited, LIAO_LOG_LEVEL: 'warn', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
