import type { Friend, FriendRequest, Me, PublicUser } from '@liao/protocol';

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
