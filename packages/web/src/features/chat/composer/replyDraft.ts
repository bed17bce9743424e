import { createStore, useStore } from 'zustand';
import type { ChatQuote } from '../chatModel';

/**
 * The message each chat's composer is replying to, if any. Kept apart from the app store: the
 * message list sets it and the composer reads it, and it lasts only while the app is open
 * (as in WeChat, a reload forgets a reply not yet sent).
 */
interface ReplyDrafts {
  byConversation: Readonly<Record<string, ReplyDraft>>;
}

/** The quoted message and its sender's name as the chat showed it (group nicknames included). */
export interface ReplyDraft {
  quote: ChatQuote;
  name: string;
}

export const replyDrafts = createStore<ReplyDrafts>(() => ({ byConversation: {} }));

export function startReply(conversationId: string, draft: ReplyDraft): void {
  replyDrafts.setState((s) => ({ byConversation: { ...s.byConversation, [conversationId]: draft } }));
}

export function cancelReply(conversationId: string): void {
  replyDrafts.setState((s) => {
    if (!(conversationId in s.byConversation)) return s;
    const { [conversationId]: _dropped, ...rest } = s.byConversation;
    return { byConversation: rest };
  });
}

/** What the composer of this chat is answering, or null. */
export function useReplyDraft(conversationId: string): ReplyDraft | null {
  return useStore(replyDrafts, (s) => s.byConversation[conversationId] ?? null);
}
