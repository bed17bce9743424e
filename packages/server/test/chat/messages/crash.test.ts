import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LiaoClient } from '@liao/client';
import { FileStore } from '@liao/client/node';
import type { Message } from '@liao/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import {
  makeSyncFixtures,
  nextSynced,
  oneTo,
  serverHistory,
  storedMessages,
} from '../../support/sync-fixtures';

const ROOT = path.resolve(import.meta.dirname, '../../../../..');
/** Messages each device queues; the server is killed after a few dozen of them are acknowledged. */
const PER_DEVICE = 200;
const KILL_AFTER_ACKS = 40;

interface ChildServer {
  process: ChildProcess;
  url: string;
  port: number;
  exited: Promise<void>;
}

/** The server from source in its own process, on this data folder (and port, when given). */
function startChild(dataDir: string, port = 0): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      LIAO_PORT: String(port),
      LIAO_HOST: '127.0.0.1',
      LIAO_DATA_DIR: dataDir,
      LIAO_DATABASE_URL: '',
      LIAO_LOG_LEVEL: 'warn',
      LIAO_REGISTRATIONS_PER_HOUR: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Liao is running at (http:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      const url = (match[1] as string).replace(/\/$/, '');
      resolve({ process: child, url, port: Number(new URL(url).port), exited });
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before it started:\n${output}`));
    });
  });
}

describe('crash: the server killed (SIGKILL) while clients send [sqlite only: the child server takes its store from the environment, which cannot name a fresh PostgreSQL schema]', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-crash-'));
  let server: ChildServer | null = null;
  const f = makeSyncFixtures(() => server?.url ?? '');
  afterAll(async () => {
    f.closeAll();
    if (server && server.process.exitCode === null) {
      server.process.kill('SIGKILL');
      await server.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('[MSG persist, idempotent] every acknowledged message survives exactly once, and the outboxes deliver the rest exactly once', async () => {
    server = await startChild(dataDir);
    const a = await f.makeUser('ka');
    const b = await f.makeUser('kb');
    const conversationId = await f.befriend(a, b);

    // A bot on a JSON file store, and a person's device in memory.
    const botFile = path.join(dataDir, 'bot-store.json');
    const bot = f.device(a.token, { store: new FileStore(botFile), sync: { fillGaps: true } });
    const person = f.device(b.token, { sync: { fillGaps: true } });
    const acked = new Map<string, Message>();
    const track = (client: LiaoClient) =>
      client.on('sent', ({ clientId, message }) => {
        acked.set(clientId, message);
      });
    track(bot.client);
    track(person.client);
    for (const device of [bot, person]) {
      const synced = nextSynced(device.client);
      await device.client.connect();
      await synced;
    }

    const queued: string[] = [];
    for (const n of oneTo(PER_DEVICE)) {
      queued.push((await bot.client.sendText(conversationId, `bot ${n}`)).clientId);
      queued.push((await person.client.sendText(conversationId, `person ${n}`)).clientId);
    }
    await new Promise<void>((resolve) => {
      const check = () => {
        if (acked.size < KILL_AFTER_ACKS) return;
        offBot();
        offPerson();
        resolve();
      };
      const offBot = bot.client.on('sent', check);
      const offPerson = person.client.on('sent', check);
      check();
    });

    // Crash: the server mid-stream, and the bot with it (its store as the disk holds it now).
    server.process.kill('SIGKILL');
    const ackedBeforeCrash = new Map(acked);
    const botImage = path.join(dataDir, 'bot-store-after-crash.json');
    fs.copyFileSync(botFile, botImage);
    await bot.client.shutdown();
    await server.exited;
    expect(ackedBeforeCrash.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(ackedBeforeCrash.size).toBeLessThan(2 * PER_DEVICE);

    // Restart on the same data and address; the person's device reconnects by itself, the
    // bot starts again from its store and sends what it had not seen acknowledged.
    const port = server.port;
    server = await startChild(dataDir, port);
    const botAgain = f.device(a.token, { store: new FileStore(botImage), sync: { fillGaps: true } });
    track(botAgain.client);
    expect(botAgain.client.store).toBeDefined();
    await botAgain.client.connect();
    expect(botAgain.client.getOutbox().length).toBeGreaterThan(0);
    for (const client of [botAgain.client, person.client]) {
      await client.waitForState('open', 20_000);
      await client.whenSent(60_000);
    }

    const reader = await f.connected(await f.signIn(b));
    const history = await serverHistory(reader, conversationId);
    // Gap-free, and every message queued is there exactly once (plus greeting and system line).
    expect(history.map((m) => m.seq)).toEqual(oneTo(2 + 2 * PER_DEVICE));
    const byClientId = new Map<string, Message[]>();
    for (const m of history) {
      if (m.clientId) byClientId.set(m.clientId, [...(byClientId.get(m.clientId) ?? []), m]);
    }
    for (const clientId of queued) expect(byClientId.get(clientId), clientId).toHaveLength(1);
    // Acknowledged before the crash means stored, with the seq the ack gave.
    for (const [clientId, message] of ackedBeforeCrash)
      expect(byClientId.get(clientId)?.[0]).toEqual(message);

    for (const client of [botAgain.client, person.client]) {
      expect(client.getOutbox()).toEqual([]);
      const synced = nextSynced(client);
      await client.syncNow();
      await synced;
      await client.fillGaps();
      await client.whenSynced();
      expect(await storedMessages(client, conversationId)).toEqual(history);
    }
    console.info(
      `crash: ${ackedBeforeCrash.size} of ${2 * PER_DEVICE} acknowledged before SIGKILL; all ${2 * PER_DEVICE} stored once after the restart`,
    );
  }, 120_000);
});
