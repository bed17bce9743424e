import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collectGarbage, INSPECT_ARGS, watchInspector } from './inspector';

export interface ServerProcess {
  url: string;
  pid: number;
  /** The process's data folder (removed by stop()). */
  dataDir: string;
  /** Resident memory of the server process, in bytes (from /proc). */
  rssBytes(): number;
  /** A full garbage collection in the process (Liao's server only: see inspector.ts). */
  collectGarbage?(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * This checkout's built server, or LIAO_BENCH_SERVER_ENTRY: another build's dist/main.js (a
 * worktree of an older commit, say), so that a change is timed before and after by the same
 * load generator in one sitting.
 */
const SERVER_ENTRY = path.resolve(
  process.env.LIAO_BENCH_SERVER_ENTRY ?? path.join(import.meta.dirname, '../../packages/server/dist/main.js'),
);

/**
 * Starts the built server (`npm run build` first) as its own process on the embedded default,
 * in a fresh data folder, so that the load generator never shares its heap or event loop.
 */
export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  if (!fs.existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run npm run build first`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-bench-'));
  const child: ChildProcess = spawn(process.execPath, [...profileArgs(), ...INSPECT_ARGS, SERVER_ENTRY], {
    env: {
      ...process.env,
      LIAO_PORT: '0',
      LIAO_HOST: '127.0.0.1',
      LIAO_DATA_DIR: dataDir,
      LIAO_LOG_LEVEL: 'warn',
      LIAO_REGISTRATIONS_PER_HOUR: '1000000',
      // The idle scenario holds 5,000 sockets over 20 accounts, far past a person's cap.
      LIAO_SOCKETS_PER_ACCOUNT: '1000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const inspector = watchInspector(child);
  const server = await superviseChild('server', child, /running at (http:\/\/\S+)/, dataDir);
  return { ...server, collectGarbage: async () => collectGarbage(await inspector) };
}

/**
 * Node's arguments for a child measured by this bench: with LIAO_BENCH_PROFILE=dir, a V8 CPU
 * profile of each of its threads into that folder (Liao's server, or the bare relay).
 */
export function profileArgs(): string[] {
  const profile = process.env.LIAO_BENCH_PROFILE;
  return profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`] : [];
}

/**
 * Waits for a child started by this bench to print its URL (the first group of `urlPattern` on
 * its stdout) and hands it over as a ServerProcess whose stop() ends it and removes `dataDir`.
 * Shared with the bare relay's start (bench/limits/setup.ts); `name` is for errors.
 */
export async function superviseChild(
  name: string,
  child: ChildProcess,
  urlPattern: RegExp,
  dataDir: string,
): Promise<ServerProcess> {
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = urlPattern.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before it was ready`)));
  });
  const pid = child.pid ?? 0;
  return {
    url,
    pid,
    dataDir,
    rssBytes() {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const kib = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
      return kib * 1024;
    },
    async stop() {
      // A child that already died (killed from outside, crashed) has no exit left to wait for.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
