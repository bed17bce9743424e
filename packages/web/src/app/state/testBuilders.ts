import type {
  Conversation,
  Friend,
  FriendRequest,
  Me,
  Member,
  Message,
  PublicUser,
  Video,
} from '@liao/protocol';

// Builders for state tests: a valid object with overridable fields (as in zulip's make_*).
let counter = 0;

function makeId(): string {
  counter++;
  return `01964f5e-8b1c-7a2b-9c3d-${counter.toString(16).padStart(12, '0')}`;
}

export function makeUser(fields: Partial<PublicUser> = {}): PublicUser {
  const id = fields.id ?? makeId();
  return {
    id,
    username: `user${counter}`,
    displayName: `User ${counter}`,
    signature: '',
    avatarUrl: null,
    ...fields,
  };
}

export function makeMe(fields: Partial<Me> = {}): Me {
  return { ...makeUser(fields), discoverable: true, showPresence: true, createdAt: 1, ...fields };
}

export function makeFriend(fields: Partial<Friend> = {}): Friend {
  const user = fields.user ?? makeUser();
  return {
    user,
    remark: '',
    initial: user.displayName[0]?.toUpperCase() ?? '#',
    sortKey: user.displayName.toLowerCase(),
    since: 1,
    ...fields,
  };
}

export function makeRequest(fields: Partial<FriendRequest> = {}): FriendRequest {
  return {
    id: makeId(),
    from: makeUser(),
    to: makeUser(),
    greeting: '',
    status: 'pending',
    createdAt: 1000,
    updatedAt: 1000,
    expiresAt: 10_000,
    ...fields,
  };
}

/** A conversation as its member sees it; one-to-one unless `kind` says otherwise. */
export function makeConversation(fields: Partial<Conversation> = {}): Conversation {
  const kind = fields.kind ?? 'direct';
  return {
    id: makeId(),
    kind,
    name: null,
    peerId: null,
    ownerId: null,
    memberCount: kind === 'group' ? 3 : 2,
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
    draftUpdatedAt: null,
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

/** A ready video of one owner, each newer than the last. */
export function makeVideo(fields: Partial<Video> = {}): Video {
  const id = fields.id ?? makeId();
  return {
    id,
    ownerId: '01964f5e-8b1c-7a2b-9c3d-0000000000aa',
    caption: `clip ${counter}`,
    visibility: 'friends',
    state: 'ready',
    durationMs: 2000,
    width: 720,
    height: 1280,
    createdAt: 1000 + counter,
    posterUrl: null,
    previewUrl: null,
    streamUrl: null,
    progress: 1,
    error: null,
    ...fields,
  };
}
