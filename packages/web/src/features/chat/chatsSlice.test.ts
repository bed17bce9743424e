import type { Conversation } from '@liao/protocol';
import { describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../../app/state/createAppStore';
import { makeConversation as makeChat, makeMe } from '../../app/state/testBuilders';
import type { Sdk } from '../../app/state/types';

const CHAT = '01964f5e-8b1c-7a2b-9c3d-0000000000cc';

/** The one chat these tests hold: two unread of three. */
function makeConversation(fields: Partial<Conversation> = {}): Conversation {
  return makeChat({ id: CHAT, lastSeq: 3, peerReadSeq: 0, unreadCount: 2, ...fields });
}

/** A fake SDK holding one conversation list; the cast says it implements only what is called. */
function makeSdk(conversations: Conversation[]): Sdk {
  return {
    api: {
      getMe: async () => makeMe(),
      listFriends: async () => [],
      listFriendRequests: async () => ({ incoming: [], outgoing: [] }),
      listBlocked: async () => [],
      listDevices: async () => [],
      openDirect: async () => CHAT,
    },
    connect: vi.fn(async () => {}),
    disconnect: vi.fn(),
    forgetLocalData: vi.fn(async () => false),
    getConversations: () => conversations,
    getUnreadTotal: () => ({ total: conversations.reduce((n, c) => n + c.unreadCount, 0), muted: 0 }),
    getTimeline: async () => [],
  } as unknown as Sdk;
}

describe('chats state', () => {
  it('reads the list and the unread total from the SDK once signed in, and drops them on sign-out', async () => {
    const store = createAppStore(makeSdk([makeConversation()]));
    store.getState().refreshConversations();
    expect(store.getState().conversations).toEqual([]);
    await store.getState().boot();
    store.getState().refreshConversations();
    expect(store.getState().conversations.map((c) => c.id)).toEqual([CHAT]);
    expect(store.getState().unread).toEqual({ total: 2, muted: 0 });
    void store.getState().endSession({ reason: 'self' });
    expect(store.getState().conversations).toEqual([]);
    expect(store.getState().unread).toEqual({ total: 0, muted: 0 });
  });

  it('opening a chat with a friend shows that chat', async () => {
    const store = createAppStore(makeSdk([]));
    await store.getState().boot();
    await store.getState().openDirect('01964f5e-8b1c-7a2b-9c3d-000000000002');
    expect(store.getState().route).toEqual({ name: 'messages', conversationId: CHAT });
  });
});
