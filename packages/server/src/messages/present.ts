import type { Message, MessageContent } from '@liao/protocol';
import type { MessagesTable } from '../db/schema';

/** A stored message as the protocol shows it. Content was validated before it was stored. */
export function toMessage(row: MessagesTable): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: row.seq,
    pos: row.pos,
    senderId: row.sender_id,
    clientId: row.client_id,
    content: JSON.parse(row.content) as MessageContent,
    createdAt: row.created_at,
  };
}
