import type { Conversation, CreateGroupBody, Me, MemberList } from '@liao/protocol';
import { describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../../app/state/createAppStore';
import { makeConversation, makeMe, makeMember } from '../../app/state/testBuilders';
import type { Sdk } from '../../app/state/types';
import { membersOf } from '../../entities/groupMembers';
import { formerMembers } from './groupsSlice';

/** A fake SDK whose member list the test changes; the cast says it implements only what is called. */
function makeSdk(me: Me, group: Conversation) {
  const owner = makeMember({ userId: me.id, role: 'owner' });
  const state = { list: { members: [owner, makeMember(), makeMember()], membersVersion: 5 } as MemberList };
  const listMembers = vi.fn(async () => state.list);
  const createGroup = vi.fn(async (body: CreateGroupBody) => ({
    ...group,
    memberCount: body.memberIds.length + 1,
  }));
  const removeMember = vi.fn(async (_id: string, userId: string) => {
    state.list = { members: state.list.members.filter((m) => m.userId !== userId), membersVersion: 9 };
    return { ...group, membersVersion: 9 };
  });
  const sdk = {
    api: {
      getMe: async () => me,
      listFriends: async () => [],
      listFriendRequests: async () => ({ incoming: [], outgoing: [] }),
      listBlocked: async () => [],
      listMembers,
      createGroup,
      removeMember,
    },
    connect: vi.fn(async () => {}),
    disconnect: vi.fn(),
    forgetLocalData: vi.fn(async () => false),
    getConversations: () => [group],
    getUnreadTotal: () => ({ total: 0, muted: 0 }),
    getTimeline: async () => [],
  } as unknown as Sdk;
  return { sdk, state, listMembers, createGroup, removeMember };
}

async function signedIn(me = makeMe(), group = makeConversation({ kind: 'group', myRole: 'owner' })) {
  const fake = makeSdk(me, group);
  const store = createAppStore(fake.sdk);
  await store.getState().boot();
  return { store, group, me, ...fake };
}

describe('group members in the store', () => {
  it('reads the members once per membersVersion and again when it moves', async () => {
    const { store, group, listMembers, state } = await signedIn();
    await store.getState().loadMembers(group.id, 5);
    expect(membersOf(store.getState(), group.id)).toMatchObject({ status: 'ready', version: 5 });
    expect(membersOf(store.getState(), group.id)?.members).toHaveLength(3);

    await store.getState().loadMembers(group.id, 5);
    await store.getState().loadMembers(group.id, 4);
    expect(listMembers).toHaveBeenCalledTimes(1);

    state.list = { members: state.list.members.slice(0, 2), membersVersion: 7 };
    await store.getState().loadMembers(group.id, 7);
    expect(listMembers).toHaveBeenCalledTimes(2);
    expect(membersOf(store.getState(), group.id)).toMatchObject({ status: 'ready', version: 7 });
    expect(membersOf(store.getState(), group.id)?.members).toHaveLength(2);
  });

  it('asks once when the list is wanted twice at the same time', async () => {
    const { store, group, listMembers } = await signedIn();
    await Promise.all([store.getState().loadMembers(group.id, 5), store.getState().loadMembers(group.id, 5)]);
    expect(listMembers).toHaveBeenCalledTimes(1);
  });

  it('never shows one account’s member lists to the next one signed in', async () => {
    const { store, group } = await signedIn();
    await store.getState().loadMembers(group.id, 5);
    void store.getState().endSession({ reason: 'self' });
    expect(membersOf(store.getState(), group.id)).toBeUndefined();
  });

  it('a failed read shows as an error, and a retry reads again', async () => {
    const { store, group, listMembers } = await signedIn();
    listMembers.mockRejectedValueOnce(new Error('offline'));
    await store.getState().loadMembers(group.id, 5);
    expect(membersOf(store.getState(), group.id)?.status).toBe('error');
    await store.getState().loadMembers(group.id, 5);
    expect(membersOf(store.getState(), group.id)?.status).toBe('ready');
  });

  it('rereads the members after removing one, at the version the server answered with', async () => {
    const { store, group, state } = await signedIn();
    await store.getState().loadMembers(group.id, 5);
    const gone = state.list.members[2]!.userId;
    await store.getState().removeMember(group.id, gone);
    await vi.waitFor(() => expect(membersOf(store.getState(), group.id)?.version).toBe(9));
    expect(membersOf(store.getState(), group.id)?.members.map((m) => m.userId)).not.toContain(gone);
  });

  it('keeps members who left, as they last were, for the lines about them', async () => {
    const { store, group, state } = await signedIn();
    await store.getState().loadMembers(group.id, 5);
    const gone = state.list.members[2]!;
    await store.getState().removeMember(group.id, gone.userId);
    await vi.waitFor(() => expect(membersOf(store.getState(), group.id)?.version).toBe(9));
    expect(membersOf(store.getState(), group.id)?.former).toEqual([gone]);
  });
});

describe('making a group', () => {
  it('sends the friends picked and the trimmed name, then opens the new chat', async () => {
    const { store, group, createGroup } = await signedIn();
    await store.getState().createGroupChat(['a', 'b'], '  周末爬山  ');
    expect(createGroup).toHaveBeenLastCalledWith({ memberIds: ['a', 'b'], name: '周末爬山' });
    expect(store.getState().route).toEqual({ name: 'messages', conversationId: group.id });
  });

  it('leaves the name out when none was given (members’ names show instead)', async () => {
    const { store, createGroup } = await signedIn();
    await store.getState().createGroupChat(['a', 'b'], '   ');
    expect(createGroup).toHaveBeenLastCalledWith({ memberIds: ['a', 'b'] });
  });
});

describe('members who left', () => {
  it('are those of the earlier list, or gone before it, who are not in the new one; back again, they are members', () => {
    const [a, b, c] = [makeMember(), makeMember(), makeMember()];
    const before = { viewerId: 'me', status: 'ready' as const, version: 3, members: [a, b], former: [c] };
    expect(formerMembers(before, [a])).toEqual([c, b]);
    expect(formerMembers(before, [a, c])).toEqual([b]);
    expect(formerMembers(undefined, [a])).toEqual([]);
    const renamed = { ...b, nickname: '新昵称' };
    expect(formerMembers({ ...before, former: [b], members: [a, renamed] }, [a])).toEqual([renamed]);
  });
});
