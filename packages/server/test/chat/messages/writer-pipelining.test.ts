import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageWriter } from '../../../src/chat/messages/writer';
import type { Db } from '../../../src/platform/db/database';
import { newClientId } from '../../support/chat-fixtures';
import { makePeople } from '../../support/conversation-fixtures';
import { startTestServer, type TestServer } from '../../support/harness';
import { pollUntil } from '../../support/poll';

const PG_URL = process.env.LIAO_TEST_PG_URL;

/** True while another transaction holds the conversation's row (PostgreSQL's lock_not_available otherwise). */
async function isLocked(db: Db, conversationId: string): Promise<boolean> {
  try {
    await sql`select id from conversations where id = ${conversationId} for update nowait`.execute(db);
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') return true;
    throw error;
  }
}

/**
 * Whether some transaction queues for the counter row held by holdCounter: the first waiter
 * takes a tuple lock on it (the row lock itself lives in the row), so one exists only then.
 * Counted in this test's schema, so other suites sharing the database do not count.
 */
async function queuedOnCounter(db: Db): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation
    where l.locktype = 'tuple' and c.relname = 'counters'
      and c.relnamespace = current_schema()::regnamespace`.execute(db);
  return (rows[0]?.n ?? 0) > 0;
}

/** Sessions of this database waiting for a lock another holds. */
async function waitingOnLocks(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_stat_activity
    where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
  return rows[0]?.n ?? 0;
}

/**
 * Holds the change stream's counter in a transaction of its own: a batch takes it last, after
 * its conversation locks, so a batch stops there holding them until `release`.
 */
async function holdCounter(db: Db): Promise<{ release(): Promise<void> }> {
  let letGo!: () => void;
  const stop = new Promise<void>((resolve) => {
    letGo = resolve;
  });
  let held!: () => void;
  const holding = new Promise<void>((resolve) => {
    held = resolve;
  });
  const done = db.transaction().execute(async (trx) => {
    await sql`select value from counters where name = 'pos' for update`.execute(trx);
    held();
    await stop;
  });
  await Promise.race([holding, done]);
  return {
    async release() {
      letGo();
      await done;
    },
  };
}

/**
 * On PostgreSQL the writer starts the next batch as soon as the one before holds its
 * conversation locks, so that its work overlaps the commit before it; and acknowledges the
 * batches in the order it took them.
 */
(PG_URL ? describe : describe.skip)(
  `The message writer pipelines its batches [postgres${PG_URL ? '' : ': skipped, LIAO_TEST_PG_URL is unset'}]`,
  () => {
    let t: TestServer;
    const people = makePeople(() => t);

    beforeAll(async () => {
      t = await startTestServer('postgres');
    });
    afterAll(async () => {
      people.closeAll();
      await t.destroy();
    });

    it('starts the next batch while the one before waits to commit, and answers them in order', async () => {
      const [a, b, c] = await people.crowd(3);
      await people.befriend(a!, b!, c!);
      const withB = await a!.client.api.openDirect(b!.id);
      const withC = await a!.client.api.openDirect(c!.id);
      const db = t.server.ctx.store.db;
      const writer = new MessageWriter(t.server.ctx.store, t.clock.now);

      const answered: string[] = [];
      const send = (conversationId: string, text: string) =>
        writer
          .submit({
            senderId: a!.id,
            conversationId,
            clientId: newClientId(),
            content: { kind: 'text', text },
          })
          .then((outcome) => {
            answered.push(text);
            return outcome;
          });
      let counter = await holdCounter(db);
      try {
        const first = send(withB, 'first');
        await pollUntil(() => isLocked(db, withB), 'the first batch to hold its conversation');
        // And to queue for the counter before the second can: the queue's order is the positions'.
        await pollUntil(() => queuedOnCounter(db), 'the first batch to wait for the counter');
        const second = send(withC, 'second');
        // The second batch began before the first could commit: it holds its own conversation.
        await pollUntil(() => isLocked(db, withC), 'the second batch to start beside the first');
        expect(answered).toEqual([]);
        await counter.release();
        const [one, two] = await Promise.all([first, second]);
        expect(answered).toEqual(['first', 'second']);
        expect(one.row.pos).toBeLessThan(two.row.pos);

        // The same in one conversation: the second batch waits at the conversation's lock
        // until the first commits, and is numbered after it.
        counter = await holdCounter(db);
        const third = send(withB, 'third');
        await pollUntil(() => isLocked(db, withB), 'the third batch to hold its conversation');
        const fourth = send(withB, 'fourth');
        await pollUntil(
          async () => (await waitingOnLocks(db)) >= 2,
          'the fourth batch to wait for the conversation the third holds',
        );
        expect(answered).toEqual(['first', 'second']);
        await counter.release();
        const [three, four] = await Promise.all([third, fourth]);
        expect(answered).toEqual(['first', 'second', 'third', 'fourth']);
        expect(four.row.seq).toBe(three.row.seq + 1);
      } finally {
        await counter.release();
        await writer.close();
      }
    });
  },
);
