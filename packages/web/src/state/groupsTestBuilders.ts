import type { Conversation, Member } from '@liao/protocol';
import { makeUser } from './testBuilders';

// Builders for the group tests: a valid object with overridable fields.

let counter = 0;

export function makeConversation(fields: Partial<Conversation> = {}): Conversation {
  counter++;
  return {
    id: `01964f5e-8b1c-7a2b-9c3d-${(0xc0000 + counter).toString(16).padStart(12, '0')}`,
    kind: 'direct',
    name: null,
    peerId: null,
    ownerId: null,
    memberCount: 2,
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

/** A member whose profile matches their userId (fields.user overrides the name and picture). */
export function makeMember(fields: Partial<Member> = {}): Member {
  const userId = fields.userId ?? fields.user?.id ?? makeUser().id;
  const { username, displayName, avatarUrl } = makeUser({ ...fields.user, id: userId });
  return {
    role: 'member',
    nickname: '',
    joinedAt: 1,
    ...fields,
    userId,
    user: { id: userId, username, displayName, avatarUrl },
  };
}
