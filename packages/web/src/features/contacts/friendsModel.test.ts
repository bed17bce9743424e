import { describe, expect, it } from 'vitest';
import { makeFriend, makeMe, makeRequest, makeUser } from '../../app/state/testBuilders';
import {
  type FriendsData,
  groupContacts,
  pendingIncomingCount,
  reduceFriendsEvent,
  relationOf,
  requestState,
} from './friendsModel';

function makeData(fields: Partial<FriendsData> = {}): FriendsData {
  return { me: makeMe(), friends: [], incoming: [], outgoing: [], blocked: [], ...fields };
}

describe('live friend events', () => {
  it('adds an arriving request to the incoming list once, however often it is replayed', () => {
    const data = makeData();
    const request = makeRequest({ to: data.me!, greeting: '我是林晓' });
    const event = { type: 'friendRequest.received', request } as const;
    const once = reduceFriendsEvent(data, event);
    expect(reduceFriendsEvent(once, event)).toEqual({ ...data, incoming: [request] });
  });

  it('files an update under incoming or outgoing by who it was sent to', () => {
    const me = makeMe();
    const toMe = makeRequest({ to: me });
    const fromMe = makeRequest({ from: me });
    const data = makeData({ me, incoming: [toMe], outgoing: [fromMe] });
    const accepted = reduceFriendsEvent(data, {
      type: 'friendRequest.updated',
      request: { ...fromMe, status: 'accepted' },
    });
    expect(accepted.outgoing).toEqual([{ ...fromMe, status: 'accepted' }]);
    expect(accepted.incoming).toEqual([toMe]);
  });

  it('adds, updates and removes friends', () => {
    const friend = makeFriend();
    const added = reduceFriendsEvent(makeData(), { type: 'friend.added', friend });
    const renamed = reduceFriendsEvent(added, {
      type: 'friend.updated',
      friend: { ...friend, remark: '老王' },
    });
    expect(renamed.friends).toEqual([{ ...friend, remark: '老王' }]);
    expect(reduceFriendsEvent(renamed, { type: 'friend.removed', userId: friend.user.id }).friends).toEqual(
      [],
    );
  });

  it("shows a user's new profile in every list that holds them", () => {
    const user = makeUser({ displayName: 'Old' });
    const data = makeData({ friends: [makeFriend({ user })], incoming: [makeRequest({ from: user })] });
    const next = reduceFriendsEvent(data, { type: 'user.updated', user: { ...user, displayName: 'New' } });
    expect(next.friends[0]?.user.displayName).toBe('New');
    expect(next.incoming[0]?.from.displayName).toBe('New');
  });

  it('keeps the block list in step with block.updated', () => {
    const user = makeUser();
    const blocked = reduceFriendsEvent(makeData(), { type: 'block.updated', user, blocked: true });
    expect(blocked.blocked.map((b) => b.user)).toEqual([user]);
    expect(reduceFriendsEvent(blocked, { type: 'block.updated', user, blocked: false }).blocked).toEqual([]);
  });
});

describe('requests as the user sees them', () => {
  it('calls a pending request past its expiry expired, and does not count it', () => {
    const request = makeRequest({ expiresAt: 5000 });
    expect(requestState(request, 4999)).toBe('pending');
    expect(requestState(request, 5000)).toBe('expired');
    const answered = makeRequest({ status: 'declined' });
    expect(pendingIncomingCount([request, answered], 4000)).toBe(1);
    expect(pendingIncomingCount([request, answered], 6000)).toBe(0);
  });
});

describe('the A–Z contact list', () => {
  it('groups by initial A–Z with # last, ordered by sort key', () => {
    const zhang = makeFriend({ user: makeUser({ displayName: '张伟' }), initial: 'Z', sortKey: 'zhangwei' });
    const chen = makeFriend({ user: makeUser({ displayName: '陈静' }), initial: 'C', sortKey: 'chenjing' });
    const cindy = makeFriend({ user: makeUser({ displayName: 'Cindy' }), initial: 'C', sortKey: 'cindy' });
    const emoji = makeFriend({ user: makeUser({ displayName: '🐟' }), initial: '#', sortKey: '🐟' });
    const groups = groupContacts([emoji, zhang, cindy, chen]);
    expect(groups.map((g) => g.letter)).toEqual(['C', 'Z', '#']);
    expect(groups[0]?.friends).toEqual([chen, cindy]);
  });
});

describe('relation to a search result', () => {
  it('follows the live lists once they are loaded', () => {
    const data = makeData();
    const user = makeUser();
    const result = { user, relation: 'none' as const };
    expect(relationOf(result, data, true, 0)).toBe('none');
    const waiting = { ...data, outgoing: [makeRequest({ from: data.me!, to: user })] };
    expect(relationOf(result, waiting, true, 0)).toBe('outgoing-request');
    const friends = { ...waiting, friends: [makeFriend({ user })] };
    expect(relationOf(result, friends, true, 0)).toBe('friend');
    expect(relationOf({ user: data.me!, relation: 'self' }, data, true, 0)).toBe('self');
  });

  it("trusts the server's answer while the lists are not loaded", () => {
    const result = { user: makeUser(), relation: 'friend' as const };
    expect(relationOf(result, makeData(), false, 0)).toBe('friend');
  });
});
