import type { Message, MessageContent } from '@liao/protocol';
import type { MessagesTable } from '../../platform/db/schema';

/** A stored message as the protocol shows it. Content was validated before it was stored. */
export function toMessage(row: MessagesTable): Message {
  return withContent(row, JSON.parse(row.content) as MessageContent);
}

/** A stored message as the protocol shows it, with its content as parsed already (the sender's path has it). */
export function withContent(row: MessagesTable, content: MessageContent): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: row.seq,
    pos: row.pos,
    senderId: row.sender_id,
    clientId: row.client_id,
    content,
    createdAt: row.created_at,
  };
}
