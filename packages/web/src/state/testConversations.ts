import type { Conversation, Message } from '@liao/protocol';

// Builders for tests of the list: a valid conversation or message with overridable fields.
let counter = 0;

function makeId(): string {
  counter++;
  return `01964f5e-8b1c-7a2b-9c3d-${counter.toString(16).padStart(12, 'a')}`;
}

export function makeConversation(fields: Partial<Conversation> = {}): Conversation {
  return {
    id: makeId(),
    kind: 'group',
    name: null,
    peerId: null,
    ownerId: null,
    memberCount: 3,
    active: true,
    dissolved: false,
    myRole: 'member',
    lastSeq: 1,
    lastMessage: null,
    lastMessageAt: 1000,
    firstSeq: 1,
    readSeq: 1,
    peerReadSeq: null,
    unreadCount: 0,
    markedUnread: false,
    pinned: false,
    muted: false,
    hidden: false,
    draft: '',
    membersVersion: 1,
    pos: 1,
    ...fields,
  };
}

export function makeTextMessage(fields: Partial<Message> & { conversationId: string }): Message {
  return {
    id: makeId(),
    seq: 1,
    pos: 1,
    senderId: makeId(),
    clientId: null,
    content: { kind: 'text', text: 'hi' },
    createdAt: 1000,
    ...fields,
  };
}
