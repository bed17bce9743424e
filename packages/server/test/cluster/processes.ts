import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

/**
 * Child processes of the cluster suite (nodes, redis-server, nginx). Each runs in a process
 * group of its own, so that a kill reaches whatever it started too; every group still alive is
 * killed when the test process exits, even after a failure that skipped afterAll.
 */
export interface Child {
  readonly name: string;
  readonly pid: number;
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<string>;
  readonly alive: boolean;
  /** Sends the signal to the whole group and waits for the process to end. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** The last lines of its output, for failure messages. */
  tail(lines?: number): string;
}

const running = new Set<Child>();
process.on('exit', () => {
  for (const child of running) killGroup(child.pid, 'SIGKILL');
});

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

export interface SpawnOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Output (stdout and stderr) is appended to this file. */
  logFile: string;
}

export function spawnChild(name: string, command: string, args: string[], options: SpawnOptions): Child {
  const log = fs.openSync(options.logFile, 'a');
  const proc: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', log, log],
    detached: true,
  });
  fs.closeSync(log);
  const pid = proc.pid;
  if (pid === undefined) throw new Error(`${name}: could not start ${command}`);
  let alive = true;
  const exited = new Promise<string>((resolve) => {
    proc.once('exit', (code, signal) => {
      alive = false;
      running.delete(child);
      resolve(signal ?? String(code));
    });
  });
  const child: Child = {
    name,
    pid,
    exited,
    get alive() {
      return alive;
    },
    async kill(signal = 'SIGTERM') {
      if (!alive) return;
      killGroup(pid, signal);
      await exited;
    },
    tail(lines = 30) {
      const text = fs.existsSync(options.logFile) ? fs.readFileSync(options.logFile, 'utf8') : '';
      return text.trimEnd().split('\n').slice(-lines).join('\n');
    },
  };
  running.add(child);
  return child;
}

/** A loopback port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export { findBinary } from '../../../../scripts/prerequisites.mjs';

/** GET url's status, or 0 when nothing answers (refused, reset, timed out). */
export async function statusOf(url: string, timeoutMs = 2000): Promise<number> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}
