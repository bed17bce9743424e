import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe } from 'vitest';
import { findBinary } from '../../../../scripts/prerequisites.mjs';
import { answersStun } from './turnClient';

/** Debian's coturn; the prerequisite step of npm test installs it. */
export const TURNSERVER = findBinary('turnserver');

/** A suite that needs a coturn: skipped, with the reason in its title, where there is none. */
export function describeWithCoturn(title: string, suite: () => void): void {
  if (TURNSERVER) describe(title, suite);
  else
    describe.skip(
      `${title} [skipped: turnserver is not installed (Debian's coturn; npm test installs it)]`,
      suite,
    );
}

export interface Coturn {
  /** The one URL to hand a client: turn:127.0.0.1:<port>, UDP. */
  urls: string[];
  /** Its static-auth-secret: credentials minted with it are accepted. */
  secret: string;
  /** What it logged, for failure messages. */
  output(): string;
  /** Kills it and waits until it has exited. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
/** Relay ports per coturn: one per allocation, each peer connection holding one. */
const RELAY_PORTS = 100;
/**
 * Relay ranges are drawn below Linux's ephemeral range (32768–60999), where the kernel hands
 * no socket a port of its own accord. coturn binds relay sockets without SO_REUSEPORT and moves
 * on from a busy port, so two ranges that overlap cost retries, never a shared relay.
 */
const RELAY_FIRST = 20_000;
const RELAY_LAST = 32_767;
const ATTEMPTS = 5;
const READY_MS = 10_000;

/**
 * Starts a coturn of the test's own on loopback: REST API credentials (use-auth-secret) with a
 * fresh secret, no TLS, a relay range of its own, and loopback peers allowed. That last one is
 * for tests only: both peers and the relay live on 127.0.0.1 here, while on a real server it
 * would let anyone with credentials reach services listening on the TURN host itself (see
 * docs/deploy.md, "Calls: TURN with coturn").
 *
 * The listening port is a free one the kernel picks. coturn binds it with SO_REUSEPORT, so a
 * second coturn on the same port would share it in silence, each getting part of the packets:
 * ports are therefore claimed with a lock file that every coturn of these tests respects (from
 * any worktree, any worker). A port held by anything else makes coturn log that it cannot
 * bind; then it is stopped and started again on another.
 */
export async function startCoturn(): Promise<Coturn> {
  if (!TURNSERVER) throw new Error('turnserver is not installed (Debian: apt-get install coturn)');
  const secret = crypto.randomBytes(24).toString('base64url');
  const errors: string[] = [];
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = await freeUdpAndTcpPort();
    const lock = claimPort(port);
    if (!lock) continue;
    const started = await tryStart(TURNSERVER, port, secret, lock);
    if (typeof started !== 'string') return started;
    errors.push(started);
  }
  throw new Error(`coturn did not start in ${ATTEMPTS} attempts:\n${errors.join('\n---\n')}`);
}

async function tryStart(
  binary: string,
  port: number,
  secret: string,
  lock: PortLock,
): Promise<Coturn | string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-coturn-'));
  const relayFirst = RELAY_FIRST + crypto.randomInt(RELAY_LAST - RELAY_FIRST - RELAY_PORTS);
  const conf = path.join(dir, 'turnserver.conf');
  fs.writeFileSync(
    conf,
    [
      `listening-ip=${HOST}`,
      `relay-ip=${HOST}`,
      `listening-port=${port}`,
      `min-port=${relayFirst}`,
      `max-port=${relayFirst + RELAY_PORTS - 1}`,
      // use-auth-secret implies the long-term credential mechanism (lt-cred-mech).
      'use-auth-secret',
      `static-auth-secret=${secret}`,
      'realm=liao.test',
      // UDP alone: what the tests' clients use. Without a TCP listener werift's fallback to
      // TURN over TCP fails at once, rather than after another round of retransmissions.
      'no-tcp',
      'no-tls',
      'no-dtls',
      'no-rfc5780',
      'allow-loopback-peers',
      'no-multicast-peers',
      'no-cli',
      'fingerprint',
      // Its own files: the pid file and the user database would otherwise go to /var.
      `pidfile=${path.join(dir, 'turnserver.pid')}`,
      `userdb=${path.join(dir, 'turndb')}`,
      'log-file=stdout',
      'simple-log',
      '',
    ].join('\n'),
  );
  // -c: this file only, never the system's /etc/turnserver.conf.
  const child = spawn(binary, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-64_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const forget = killOnExit(child, lock, dir);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      // coturn exits at once on SIGTERM; SIGKILL in case it hangs in a thread.
      const hard = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(hard);
    }
    forget();
    lock.release();
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + READY_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      return `coturn exited (${child.exitCode ?? child.signalCode}) on port ${port}:\n${tail(output)}`;
    }
    if (/cannot bind/i.test(output)) {
      await stop();
      return `port ${port} was taken:\n${tail(output)}`;
    }
    if (await answersStun(HOST, port, 200)) break;
    if (Date.now() > deadline) {
      await stop();
      return `coturn did not answer on ${HOST}:${port} within ${READY_MS} ms:\n${tail(output)}`;
    }
  }
  return { urls: [`turn:${HOST}:${port}`], secret, output: () => output, stop };
}

interface PortLock {
  release(): void;
}

/** Marks `port` as taken by this process for the coturns of these tests; null if another has it. */
function claimPort(port: number): PortLock | null {
  const file = path.join(os.tmpdir(), `liao-coturn-port-${port}.lock`);
  try {
    fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch {
    // Taken now, or left by a test process that was killed: either way another port will do.
    return null;
  }
  return { release: () => fs.rmSync(file, { force: true }) };
}

/** A loopback port on which nothing listens right now, over UDP nor TCP. */
async function freeUdpAndTcpPort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, HOST, () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const udp = dgram.createSocket('udp4');
    const free = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, HOST, () => resolve(true));
    });
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (free) return port;
  }
}

/** If the test process ends without stop() (a crash, a failed hook), coturn and its files go with it. */
function killOnExit(child: ChildProcess, lock: PortLock, dir: string): () => void {
  const onExit = () => {
    child.kill('SIGKILL');
    lock.release();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  return () => process.off('exit', onExit);
}

function tail(text: string, lines = 30): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
