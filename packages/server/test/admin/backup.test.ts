import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LiaoClient } from '@liao/client';
import { nodeSocketFactory } from '@liao/client/node';
import type { Message } from '@liao/protocol';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { doCreateSession } from '../../src/identity/sessions/rules';
import { fullHistory, newClientId, sendText } from '../support/chat-fixtures';
import {
  expectGapFree,
  makeGroupOf,
  makePeople,
  type Person,
  syncAll,
} from '../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../support/harness';
import { type CliResult, cliEnvOf, runLiao } from '../support/liao-cli';

const PG_URL = process.env.LIAO_TEST_PG_URL;
/**
 * The PostgreSQL backup runs the real pg_dump and pg_restore: where PostgreSQL is set, they
 * must be installed (.ci/run installs postgresql-client), and their absence fails the test.
 */
function requirePgTools(): void {
  for (const program of ['pg_dump', 'pg_restore']) {
    if (spawnSync(program, ['--version'], { stdio: 'ignore' }).status !== 0) {
      throw new Error(`no ${program}: apt-get install postgresql-client (.ci/run installs it)`);
    }
  }
}
const TEST_MS = 180_000;

/** Each sender's messages, sent one after another; the senders at once. */
async function sendMany(
  senders: Person[],
  conversationId: string,
  each: number,
  tag: string,
): Promise<Message[]> {
  const sent = await Promise.all(
    senders.map(async (p, i) => {
      const mine: Message[] = [];
      for (let n = 0; n < each; n++) mine.push(await sendText(p.client, conversationId, `${tag} ${i}.${n}`));
      return mine;
    }),
  );
  return sent.flat();
}

function expectOk(result: CliResult): void {
  expect(result.code, `stdout: ${result.stdout}\nstderr: ${result.stderr}`).toBe(0);
}

/** A fresh, empty PostgreSQL database beside the test one; dropped by the returned function. */
async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `liao_restore_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_URL ?? '');
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

describeEachStore('backup and restore', (store) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  it(
    'a backup taken while the server writes, restored into an empty store, holds every message',
    async () => {
      if (store === 'postgres') requirePgTools();
      let source: TestServer | undefined = await startTestServer(store);
      const first = source;
      cleanups.push(() => first.destroy());
      const people = makePeople(() => first);
      cleanups.push(async () => people.closeAll());

      // A group of four and a one-to-one chat, with messages from everyone at once.
      const group = await makeGroupOf(people, 3, '周末爬山');
      const [alice, bob] = [group.owner, group.members[0] as Person];
      await people.befriend(alice, bob);
      const directId = await alice.client.api.openDirect(bob.id);
      const groupSent = await sendMany([group.owner, ...group.members], group.conversationId, 60, 'g');
      const directBefore = await sendMany([alice, bob], directId, 40, 'd');

      // Devices signed in before the backup; their sessions come back with it.
      const device = { name: 'after restore', platform: 'bot' } as const;
      const { token: aliceToken } = await doCreateSession(first.server.ctx, alice.id, device, 'vitest');
      const { token: bobToken } = await doCreateSession(first.server.ctx, bob.id, device, 'vitest');

      // The backup runs while the direct chat keeps getting messages.
      const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-backup-'));
      cleanups.push(async () => fs.rmSync(workDir, { recursive: true, force: true }));
      const file = path.join(workDir, store === 'sqlite' ? 'liao.sqlite' : 'liao.dump');
      let writing = true;
      const duringBackup: Message[] = [];
      const writer = (async () => {
        while (writing) {
          duringBackup.push(await sendText(alice.client, directId, `during ${duringBackup.length}`));
          // A person's pace, well inside the socket's frame allowance (200 a second after a
          // burst of 1,000): unpaced, a backup slow to start would have this loop refused.
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      const backedUp = await runLiao(['backup', file], cliEnvOf(source));
      writing = false;
      await writer;
      expectOk(backedUp);
      expect(duringBackup.length, 'messages were being sent while the backup ran').toBeGreaterThan(0);
      expect(fs.statSync(file).size).toBeGreaterThan(0);
      expect((await runLiao(['backup', file], cliEnvOf(source))).code).toBe(1);

      // Restored into an empty store, which a server then runs on, with the old sessions.
      const target = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-restored-'));
      const schema = source.server.ctx.config.databaseSchema;
      const database = store === 'postgres' ? await createEmptyDatabase() : undefined;
      if (database) cleanups.push(() => database.drop());
      const env = {
        LIAO_DATA_DIR: target,
        ...(database ? { LIAO_DATABASE_URL: database.url } : {}),
        ...(schema ? { LIAO_DATABASE_SCHEMA: schema } : {}),
      };
      expectOk(await runLiao(['restore', file], env));
      const refused = await runLiao(['restore', file], env);
      expect(refused.code, 'a second restore would overwrite the store').toBe(1);
      await source.stop();
      source = undefined;

      const restored = await startTestServer(store, {
        reuse: { dataDir: target, ...(schema ? { schema } : {}) },
        configure(config) {
          if (database) config.databaseUrl = database.url;
        },
      });
      cleanups.push(() => restored.destroy());
      const clientOf = async (token: string) => {
        const client = new LiaoClient({
          baseUrl: restored.url,
          token,
          createSocket: nodeSocketFactory(() => token),
        });
        cleanups.push(async () => client.disconnect());
        await client.connect();
        return client;
      };
      const aliceAgain = await clientOf(aliceToken);
      const bobAgain = await clientOf(bobToken);

      // Every message of the quiet group, in order, as its members saw them acknowledged.
      const groupHistory = await fullHistory(bobAgain, group.conversationId);
      expectGapFree(groupHistory);
      const byId = (messages: Message[]) => new Map(messages.map((m) => [m.id, m]));
      const restoredGroup = byId(groupHistory);
      for (const sent of groupSent) expect(restoredGroup.get(sent.id)).toEqual(sent);

      // The busy chat: everything acknowledged before the backup began, then a gap-free run of
      // what was committed while it ran — a snapshot, never a torn copy.
      const directHistory = await fullHistory(aliceAgain, directId);
      expectGapFree(directHistory);
      const restoredDirect = byId(directHistory);
      for (const sent of directBefore) expect(restoredDirect.get(sent.id)).toEqual(sent);
      const acknowledged = byId([...directBefore, ...duringBackup]);
      for (const message of directHistory) {
        if (message.content.kind === 'system') continue;
        expect(acknowledged.get(message.id)).toEqual(message);
      }
      const lastSeq = directHistory.at(-1)?.seq ?? 0;
      for (const sent of duringBackup) {
        if (sent.seq <= lastSeq) expect(restoredDirect.get(sent.id)).toEqual(sent);
      }

      // A first sync lists both chats, and numbering carries on where the backup ended.
      const synced = await syncAll(aliceAgain, null);
      const ids = synced.conversations.map((c) => c.conversation.id);
      expect(ids).toEqual(expect.arrayContaining([group.conversationId, directId]));
      const next = await aliceAgain.request('message.send', {
        conversationId: directId,
        clientId: newClientId(),
        content: { kind: 'text', text: 'after the restore' },
      });
      expect(next.message.seq).toBe(lastSeq + 1);
    },
    TEST_MS,
  );
});
