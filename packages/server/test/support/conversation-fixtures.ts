import { LiaoClient, LiaoError } from '@liao/client';
import { nodeSocketFactory } from '@liao/client/node';
import type { Conversation, Message, ServerEvent, SyncResult } from '@liao/protocol';
import { expect } from 'vitest';
import { doCreateSession } from '../../src/identity/sessions/rules';
import { insertFriendship } from '../../src/social/friends/queries';
import { type TestServer, uniqueUsername } from './harness';
import { insertUserRow } from './rows';

/** A user made straight in the store (no password hashing), with one signed-in SDK client. */
export interface Person {
  id: string;
  username: string;
  client: LiaoClient;
}

/**
 * People for the conversation suites, made fast: user rows and sessions written through the
 * store and the sessions domain rather than by registering (argon2 costs ~50 ms a person), and
 * friendships written as the friends domain stores them. Every client opened is closed by
 * `closeAll` (afterAll).
 */
export function makePeople(t: () => TestServer) {
  const opened: LiaoClient[] = [];

  async function signIn(userId: string): Promise<LiaoClient> {
    const { token } = await doCreateSession(
      t().server.ctx,
      userId,
      { name: 'test', platform: 'bot' },
      'vitest',
    );
    const client = new LiaoClient({ baseUrl: t().url, token, createSocket: nodeSocketFactory(() => token) });
    opened.push(client);
    return client;
  }

  async function person(): Promise<Person> {
    const username = uniqueUsername('cv');
    const id = await insertUserRow(t().server.ctx.db, username, t().clock.now());
    return { id, username, client: await signIn(id) };
  }

  return {
    /** A new user whose client is not connected yet. */
    person,

    /** A new user with their live connection open. */
    async online(): Promise<Person> {
      const p = await person();
      await p.client.connect();
      return p;
    },

    /** `n` new users, connected. */
    async crowd(n: number): Promise<Person[]> {
      return Promise.all(
        Array.from({ length: n }, async () => {
          const p = await person();
          await p.client.connect();
          return p;
        }),
      );
    },

    /** Another signed-in device of the user, connected. */
    async device(p: Person): Promise<LiaoClient> {
      const client = await signIn(p.id);
      await client.connect();
      return client;
    },

    /** Makes `a` friends with each of `others` (both directions, as the friends domain stores it). */
    async befriend(a: Person | string, ...others: (Person | string)[]): Promise<void> {
      const aId = typeof a === 'string' ? a : a.id;
      for (const other of others) {
        const id = typeof other === 'string' ? other : other.id;
        await insertFriendship(t().server.ctx.db, aId, id, t().clock.now());
      }
    },

    closeAll(): void {
      for (const client of opened) client.disconnect();
      opened.length = 0;
    },
  };
}

export type People = ReturnType<typeof makePeople>;

/** The error code a rejected SDK call carries. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LiaoError) return error.code;
    throw error;
  }
  throw new Error('expected the call to be refused');
}

/** Everything the user's device learns by syncing from the cursor (null: a first sync), all pages. */
export async function syncAll(client: LiaoClient, cursor: number | null): Promise<SyncResult> {
  let result = await client.request('sync', { cursor });
  const conversations = [...result.conversations];
  while (result.more && result.resume) {
    result = await client.request('sync', { cursor, resume: result.resume });
    conversations.push(...result.conversations);
  }
  return { cursor: result.cursor, resume: null, conversations, more: false };
}

/** The conversation's entry in a sync reply (its view and the messages it brought). */
export function entryOf(result: SyncResult, conversationId: string) {
  const entry = result.conversations.find((c) => c.conversation.id === conversationId);
  if (!entry) throw new Error(`conversation ${conversationId} is not in the sync reply`);
  return entry;
}

/** The user's view of one conversation, read by a first sync. */
export async function viewOf(client: LiaoClient, conversationId: string): Promise<Conversation> {
  return entryOf(await syncAll(client, null), conversationId).conversation;
}

/** The system event of a message (fails for other kinds). */
export function eventOf(message: Message) {
  if (message.content.kind !== 'system') throw new Error(`seq ${message.seq} is not a system line`);
  return message.content.event;
}

/** Every event a client receives from now on, in order. */
export function record(client: LiaoClient): ServerEvent[] {
  const events: ServerEvent[] = [];
  client.on('event', (e) => events.push(e));
  return events;
}

/** The system lines (type, seq) among message.new events received. */
export function linesIn(events: ServerEvent[], conversationId: string): [string, number][] {
  return events.flatMap((e) =>
    e.type === 'message.new' &&
    e.message.conversationId === conversationId &&
    e.message.content.kind === 'system'
      ? [[e.message.content.event.type, e.message.seq] as [string, number]]
      : [],
  );
}

/** Waits for a conversation.changed about this conversation, at or past a position. */
export function changedEvent(client: LiaoClient, conversationId: string, minPos = 0) {
  return client.waitForEvent(
    'conversation.changed',
    (e) => e.conversationId === conversationId && e.pos >= minPos,
  );
}

/** Waits for the message.new of a system line of this type in the conversation. */
export function lineEvent(client: LiaoClient, conversationId: string, type: string) {
  return client.waitForEvent(
    'message.new',
    (e) =>
      e.message.conversationId === conversationId &&
      e.message.content.kind === 'system' &&
      e.message.content.event.type === type,
  );
}

/** Asserts seqs run 1…N with no gap. */
export function expectGapFree(messages: Message[]): void {
  expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
}

/** An owner and `n` of their friends, all connected, in a new group. */
export async function makeGroupOf(people: ReturnType<typeof makePeople>, n = 3, name?: string) {
  const [owner, ...members] = await people.crowd(n + 1);
  await people.befriend(owner!, ...members);
  const created = await owner!.client.api.createGroup({
    memberIds: members.map((m) => m.id),
    ...(name ? { name } : {}),
  });
  return { owner: owner!, members, conversationId: created.id, created };
}
