import type { Conversation, ConversationKind, Message } from '@liao/protocol';
import { toBool } from '../../platform/db/dialect';
import type { ConversationMembersTable, ConversationsTable } from '../../platform/db/schema';

export interface ViewExtras {
  lastMessage: Message | null;
  peerId: string | null;
  peerReadSeq: number | null;
  /** Unread messages, system lines left out (unread.ts). */
  unreadCount: number;
}

/** The last seq this member may read: the conversation's, or where they left it. */
export function visibleLastSeq(c: ConversationsTable, m: ConversationMembersTable): number {
  return m.left_seq === null ? c.last_seq : Math.min(c.last_seq, m.left_seq);
}

/** A conversation as one member sees it. */
export function toConversation(
  c: ConversationsTable,
  m: ConversationMembersTable,
  extras: ViewExtras,
): Conversation {
  const lastSeq = visibleLastSeq(c, m);
  const readSeq = Math.max(m.read_seq, m.first_seq - 1);
  return {
    id: c.id,
    kind: c.kind as ConversationKind,
    name: c.name,
    peerId: extras.peerId,
    ownerId: c.owner_id,
    memberCount: c.member_count,
    active: m.status === 'active',
    dissolved: c.dissolved_at !== null,
    myRole: m.role,
    lastSeq,
    lastMessage: extras.lastMessage,
    // Someone who left sees the time of the last message they may read, not of later ones.
    lastMessageAt: m.left_seq === null ? c.last_message_at : (extras.lastMessage?.createdAt ?? null),
    firstSeq: m.first_seq,
    readSeq: Math.min(readSeq, lastSeq),
    peerReadSeq: extras.peerReadSeq,
    unreadCount: extras.unreadCount,
    markedUnread: toBool(m.marked_unread),
    pinned: toBool(m.pinned),
    muted: toBool(m.muted),
    hidden: m.hidden_seq !== null && lastSeq <= m.hidden_seq,
    draft: m.draft,
    draftUpdatedAt: m.draft_updated_at,
    membersVersion: c.members_version,
    pos: Math.max(m.pos, m.status === 'active' ? c.last_pos : 0),
  };
}
