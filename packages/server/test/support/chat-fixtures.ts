import type { LiaoClient } from '@liao/client';
import type { Message } from '@liao/protocol';
import type { makeFixtures, TestUser } from './friends-fixtures';

type Fixtures = ReturnType<typeof makeFixtures>;

export interface ChatPair {
  a: TestUser;
  b: TestUser;
  conversationId: string;
}

/** Two friends, both connected, and the id of their one-to-one chat (opened by the friendship). */
export async function makeChatPair(f: Fixtures, greeting = 'hi'): Promise<ChatPair> {
  const a = await f.makeUser();
  const b = await f.makeUser();
  const sent = await a.client.api.sendFriendRequest(b.id, greeting);
  await b.client.api.acceptFriendRequest(sent.request.id);
  await Promise.all([a.client.connect(), b.client.connect()]);
  const conversationId = await a.client.api.openDirect(b.id);
  return { a, b, conversationId };
}

let counter = 0;
/** A client message id no other send uses. */
export function newClientId(): string {
  counter++;
  return `c${process.pid}x${counter}x${Math.random().toString(36).slice(2, 10)}`;
}

export async function sendText(
  client: LiaoClient,
  conversationId: string,
  text: string,
  clientId = newClientId(),
): Promise<Message> {
  const { message } = await client.request('message.send', {
    conversationId,
    clientId,
    content: { kind: 'text', text },
  });
  return message;
}

/** The whole visible history, oldest first, paging backwards. */
export async function fullHistory(client: LiaoClient, conversationId: string): Promise<Message[]> {
  const pages: Message[][] = [];
  let before: number | undefined;
  for (;;) {
    const page = await client.request('history', {
      conversationId,
      limit: 100,
      ...(before ? { before } : {}),
    });
    pages.unshift(page.messages);
    if (!page.hasMore || page.messages.length === 0) break;
    before = page.messages[0]?.seq;
  }
  return pages.flat();
}
