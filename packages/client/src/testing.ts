// Builders for the SDK's unit tests (not exported from the package).
import type { Conversation, Message } from '@liao/protocol';

export const C1 = '01890000-0000-7000-8000-0000000000c1';
export const C2 = '01890000-0000-7000-8000-0000000000c2';
export const TEST_USER = '01890000-0000-7000-8000-000000000001';
export const TEST_PEER = '01890000-0000-7000-8000-000000000002';

/** A text message of a conversation, by default from TEST_PEER. */
export function makeMessage(conversationId: string, seq: number, overrides: Partial<Message> = {}): Message {
  return {
    id: `01890000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    conversationId,
    seq,
    pos: 1000 + seq,
    senderId: TEST_PEER,
    clientId: `client-${seq}-xyz`,
    content: { kind: 'text', text: `m${seq}` },
    createdAt: 1_700_000_000_000 + seq,
    ...overrides,
  };
}

/** A one-to-one conversation as TEST_USER sees it, with TEST_PEER. */
export function makeConversation(id: string, overrides: Partial<Conversation> = {}): Conversation {
  return {
    id,
    kind: 'direct',
    name: null,
    peerId: TEST_PEER,
    ownerId: null,
    memberCount: 2,
    active: true,
    dissolved: false,
    myRole: 'member',
    lastSeq: 0,
    lastMessage: null,
    lastMessageAt: null,
    firstSeq: 1,
    readSeq: 0,
    peerReadSeq: 0,
    unreadCount: 0,
    markedUnread: false,
    pinned: false,
    muted: false,
    hidden: false,
    draft: '',
    draftUpdatedAt: null,
    membersVersion: 1,
    pos: 1,
    ...overrides,
  };
}
