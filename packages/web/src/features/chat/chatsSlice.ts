import type { UnreadTotal } from '@liao/client';
import type { Conversation, ReplyTarget } from '@liao/protocol';
import type { SliceCreator } from '../../app/state/types';
import { createTimelineActions, emptyTimelines, type TimelineSlice } from './timelineActions';

export interface ChatsSlice extends TimelineSlice {
  // State
  /** The conversation list as the SDK sorts it: pinned first, then newest message first. */
  conversations: Conversation[];
  unread: UnreadTotal;
  // Actions
  /** Reads the list and the unread total again from the SDK (its 'conversations' event). */
  refreshConversations(): void;
  /** With `replyTo`, as a reply to the message at that seq of the same chat. */
  sendText(conversationId: string, text: string, options?: { replyTo?: ReplyTarget }): Promise<void>;
  retrySend(clientId: string): Promise<void>;
  /** Drops a message the server refused, instead of sending it again. */
  discardSend(clientId: string): Promise<void>;
  markRead(conversationId: string, seq: number): void;
  /** Opens (or creates) the one-to-one chat with a friend and shows it. */
  openDirect(friendId: string): Promise<void>;
  /** The one-to-one chat with a friend, opened (or created) without showing it: its id. */
  directChatId(friendId: string): Promise<string>;
  /** Says whether I am typing in a chat (the SDK throttles it). */
  setTyping(conversationId: string, typing: boolean): void;
  /** Saves a chat's draft to the server, so that it follows me to my other devices: its save time. */
  saveDraft(conversationId: string, draft: string): Promise<Conversation['draftUpdatedAt']>;
  resetChats(): void;
  // List actions (the row's menu). The list follows through the SDK's sync, not from here.
  setPinned(conversationId: string, pinned: boolean): Promise<void>;
  setMuted(conversationId: string, muted: boolean): Promise<void>;
  /** Marks unread by hand (a dot), or read: the read mark moves to the newest message. */
  setMarkedUnread(conversationId: string, unread: boolean): Promise<void>;
  /** Removes the chat from the list (and its history here) until a new message arrives. */
  deleteConversation(conversationId: string): Promise<void>;
}

const EMPTY_UNREAD: UnreadTotal = { total: 0, muted: 0 };

export const createChatsSlice: SliceCreator<ChatsSlice> = (set, get, sdk) => ({
  conversations: [],
  unread: EMPTY_UNREAD,
  ...createTimelineActions(set, get, sdk),

  refreshConversations() {
    if (get().status !== 'signedIn') return;
    set({ conversations: sdk.getConversations(), unread: sdk.getUnreadTotal() });
  },

  async sendText(conversationId, text, options = {}) {
    await sdk.sendText(conversationId, text, options);
  },

  async retrySend(clientId) {
    await sdk.retrySend(clientId);
  },

  async discardSend(clientId) {
    await sdk.discardSend(clientId);
  },

  markRead(conversationId, seq) {
    sdk.markRead(conversationId, seq);
  },

  async openDirect(friendId) {
    const conversationId = await get().guard(sdk.api.openDirect(friendId));
    get().navigate({ name: 'messages', conversationId });
  },

  async directChatId(friendId) {
    return get().guard(sdk.api.openDirect(friendId));
  },

  setTyping(conversationId, typing) {
    sdk.setTyping(conversationId, typing);
  },

  async saveDraft(conversationId, draft) {
    const conversation = await get().guard(sdk.api.updateConversation(conversationId, { draft }));
    return conversation.draftUpdatedAt;
  },

  resetChats() {
    set({ conversations: [], unread: EMPTY_UNREAD, ...emptyTimelines() });
  },

  async setPinned(conversationId, pinned) {
    await get().guard(sdk.api.updateConversation(conversationId, { pinned }));
  },

  async setMuted(conversationId, muted) {
    await get().guard(sdk.api.updateConversation(conversationId, { muted }));
  },

  async setMarkedUnread(conversationId, unread) {
    if (unread) {
      // The SDK sends a read still waiting first: marking a chat unread just after reading it sticks.
      await get().guard(sdk.markUnread(conversationId));
      return;
    }
    // Reading clears a hand-made mark too, even where the read mark cannot move.
    const conversation = get().conversations.find((c) => c.id === conversationId);
    if (conversation) sdk.markRead(conversationId, conversation.lastSeq);
  },

  async deleteConversation(conversationId) {
    await get().guard(sdk.api.deleteConversation(conversationId));
    const route = get().route;
    if (route.name === 'messages' && route.conversationId === conversationId)
      get().navigate({ name: 'messages' }, { replace: true });
  },
});
