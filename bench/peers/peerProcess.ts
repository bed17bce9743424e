import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sleep } from '../src/stats';
import { XmppConnection, type XmppEndpoint } from './xmppConnection';

/** A peer XMPP server started by the benchmark, on loopback, in a temporary folder of its own. */
export interface XmppPeer extends XmppEndpoint {
  /** 'ejabberd' or 'prosody'. */
  name: string;
  /** What the running server answers to XEP-0092 (software version), e.g. '23.01-1' (Debian's ejabberd) or '0.12.3'. */
  version: string;
  /** Whether the peer stores every message (ejabberd with mod_mam); false means delivery only. */
  archiving: boolean;
  /** The MUC service's domain, conference.<domain>. */
  mucDomain: string;
  /** The operating-system process that does the work (for ejabberd, beam.smp). */
  pid: number;
  /** Resident memory of that process, in bytes (from /proc). */
  rssBytes(): number;
  /** Stops the server, waits until its process is gone and removes its folder. */
  stop(): Promise<void>;
}

export interface PeerLaunch {
  name: string;
  archiving: boolean;
  command: string;
  args: string[];
  env: Record<string, string>;
  /** The peer's temporary folder: its cwd, removed on stop. */
  dir: string;
  port: number;
  domain: string;
  mucDomain: string;
}

/** ejabberd is ready in 1–2 s here (Erlang VM, Mnesia), Prosody in 0.1 s; this is for a loaded box. */
const START_TIMEOUT_MS = 60_000;
/** SIGTERM is a clean stop for both (Erlang's init:stop, Prosody's shutdown); past this, SIGKILL. */
const STOP_TIMEOUT_MS = 15_000;
/** How much of a peer's own output is kept to explain a failed start. */
const OUTPUT_TAIL_CHARS = 4000;

/** Peers still running, with their folders; killed and removed if the benchmark exits without stopping them. */
const running = new Map<ChildProcess, string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [child, dir] of running) {
      child.kill('SIGKILL');
      try {
        fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      } catch {
        // A folder in /tmp left behind is not worth failing the exit for.
      }
    }
  });
  // Node exits on these without running 'exit' handlers; a peer left behind would hold its
  // port and skew the next run.
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => process.exit(code));
  }
}

/** Fails with the Debian package to install when a peer's program is missing. */
export function requireInstalled(file: string, peer: string, debianPackage: string): void {
  if (!fs.existsSync(file)) {
    throw new Error(
      `${peer} is not installed (${file} is missing): install Debian's package with 'apt-get install ${debianPackage}'; the benchmark installs nothing by itself`,
    );
  }
}

export function makePeerDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `liao-bench-${name}-`));
}

/** A TCP port free on 127.0.0.1 right now (the peer binds it a moment later). */
export async function findFreePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port from the kernel');
  return address.port;
}

/**
 * Spawns the peer, waits until it registers and signs in a probe account and answers its
 * version over XMPP (so "ready" means the whole path the benchmark uses works), and returns it.
 * `findWorker` names the process whose memory counts, given the spawned one.
 */
export async function launchPeer(launch: PeerLaunch, findWorker: (pid: number) => number): Promise<XmppPeer> {
  installExitHook();
  const child = spawn(launch.command, launch.args, {
    cwd: launch.dir,
    env: { ...process.env, ...launch.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.set(child, launch.dir);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => {
    const gone = (code: number | null) => {
      exitCode ??= code;
      running.delete(child);
      resolve();
    };
    child.once('exit', (code, signal) => gone(code ?? (signal ? -1 : null)));
    child.once('error', (error) => {
      keep(Buffer.from(String(error)));
      gone(-1);
    });
  });

  const stop = async () => {
    if (exitCode === undefined) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(launch.dir, { recursive: true, force: true });
  };

  const endpoint: XmppEndpoint = { host: '127.0.0.1', port: launch.port, domain: launch.domain };
  try {
    const started = performance.now();
    let version: string | null = null;
    let lastError = 'nothing tried yet';
    while (version === null) {
      if (exitCode !== undefined) throw new Error(`${launch.name} exited (${exitCode}) before it was ready`);
      if (performance.now() - started > START_TIMEOUT_MS) {
        throw new Error(`${launch.name} was not ready within ${START_TIMEOUT_MS / 1000} s: ${lastError}`);
      }
      version = await probeVersion(endpoint).catch((error: Error) => {
        lastError = error.message;
        return null;
      });
      if (version === null) await sleep(100);
    }
    const pid = findWorker(child.pid ?? 0);
    return {
      ...endpoint,
      name: launch.name,
      version,
      archiving: launch.archiving,
      mucDomain: launch.mucDomain,
      pid,
      rssBytes: () => readRss(pid),
      stop,
    };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- its last output:\n${output}`, { cause: error });
  }
}

/** Registers a throwaway account in-band, signs in and asks the server's XEP-0092 version. */
async function probeVersion(endpoint: XmppEndpoint): Promise<string> {
  const connection = await XmppConnection.open(endpoint);
  try {
    await connection.register('probe', 'probe');
    await connection.authenticate('probe', 'probe', 'probe');
    const reply = await connection.iq('get', endpoint.domain, "<query xmlns='jabber:iq:version'/>");
    return /<version>([^<]*)<\/version>/.exec(reply)?.[1] ?? 'unknown';
  } finally {
    connection.close();
  }
}

function readRss(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** The spawned process or, if it handed the work to a child (a wrapper), that child named `comm`. */
export function findProcessNamed(pid: number, comm: string): number {
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.shift() as number;
    if (readComm(p) === comm) return p;
    for (const task of safeList(`/proc/${p}/task`)) {
      const children = safeRead(`/proc/${p}/task/${task}/children`).trim();
      if (children) queue.push(...children.split(/\s+/).map(Number));
    }
  }
  throw new Error(`no ${comm} process under pid ${pid}`);
}

function readComm(pid: number): string {
  return safeRead(`/proc/${pid}/comm`).trim();
}

function safeRead(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
