import { type ServerEvent, TYPING_SHOWN_MS } from '@liao/protocol';

/** Who is typing in which chat, and until when the line stays up without another word. */
export type TypingByChat = Readonly<Record<string, { userId: string; until: number }>>;

/**
 * The typing lines after a live event: "typing" puts one up (or keeps it up), "stopped" takes it
 * down, and so does the typist's message arriving, since it is what they were typing. Any other
 * event leaves the same object, so the store does not re-render for it.
 */
export function typingAfter(typing: TypingByChat, event: ServerEvent, now: number): TypingByChat {
  if (event.type === 'typing') {
    if (event.stopped) return without(typing, event.conversationId);
    return { ...typing, [event.conversationId]: { userId: event.userId, until: now + TYPING_SHOWN_MS } };
  }
  if (event.type === 'message.new') {
    const { conversationId, senderId } = event.message;
    if (typing[conversationId]?.userId === senderId) return without(typing, conversationId);
  }
  return typing;
}

function without(typing: TypingByChat, conversationId: string): TypingByChat {
  if (!(conversationId in typing)) return typing;
  const { [conversationId]: _gone, ...rest } = typing;
  return rest;
}
