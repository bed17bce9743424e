import type { Message } from '@liao/protocol';
import type { LocalStore } from '../store/types';
import type { SyncEngine } from './SyncEngine';

/**
 * How many of the chat's newest stored messages are searched for the "you are now friends"
 * line: it is written with the greeting just before the accept is answered, so only what the
 * friend wrote in the moment since can be newer.
 */
const LOOKBACK = 50;

/** The seq of the newest "you are now friends" line among `messages`, or null without one. */
export function friendshipLineSeq(messages: readonly Message[]): number | null {
  let seq: number | null = null;
  for (const m of messages) {
    if (m.content.kind === 'system' && m.content.event.type === 'friends.started')
      seq = Math.max(seq ?? 0, m.seq);
  }
  return seq;
}

/**
 * Marks the chat with a friend just accepted read up to the line saying they are friends: the
 * greeting above it was read on the request itself, though the server counts it unread (a
 * request accepted elsewhere, or through the bare API, leaves it so). What the friend wrote
 * after that line stays unread. Syncs first, since the accept's answer does not name the chat.
 * Who calls it: LiaoClient.acceptFriendRequest, after the accept succeeded.
 */
export async function readNewFriendChat(
  engine: SyncEngine,
  store: LocalStore,
  friendId: string,
): Promise<void> {
  await engine.requestSync();
  const chat = engine
    .list()
    .find((r) => r.conversation.kind === 'direct' && r.conversation.peerId === friendId)?.conversation;
  if (!chat) return;
  const seq = friendshipLineSeq(await store.listMessages(chat.id, { limit: LOOKBACK }));
  if (seq !== null) engine.markRead(chat.id, seq);
}
