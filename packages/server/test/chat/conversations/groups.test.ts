import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullHistory, sendText } from '../../support/chat-fixtures';
import {
  changedEvent,
  codeOf,
  entryOf,
  eventOf,
  lineEvent,
  makeGroupOf,
  makePeople,
  type Person,
  syncAll,
  viewOf,
} from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';

describeEachStore('groups', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  const makeGroup = (n = 3, name?: string) => makeGroupOf(people, n, name);

  describe('creating', () => {
    it('makes the caller owner of a group with two or more friends; group.created is seq 1; everyone’s devices hear of it', async () => {
      const [owner, a, b] = await people.crowd(3);
      await people.befriend(owner!, a!, b!);
      const ownerOther = await people.device(owner!);
      const heard = [a!.client, b!.client, ownerOther].map((c) => ({
        line: c.waitForEvent(
          'message.new',
          (e) => e.message.seq === 1 && e.message.content.kind === 'system',
        ),
        changed: c.waitForEvent('conversation.changed'),
      }));
      const view = await owner!.client.api.createGroup({ memberIds: [a!.id, b!.id] });
      expect(view).toMatchObject({
        kind: 'group',
        name: null,
        peerId: null,
        ownerId: owner!.id,
        memberCount: 3,
        active: true,
        dissolved: false,
        myRole: 'owner',
        lastSeq: 1,
        firstSeq: 1,
        unreadCount: 0,
      });
      expect(view.lastMessage?.content).toEqual({
        kind: 'system',
        event: { type: 'group.created', actorId: owner!.id, memberIds: [a!.id, b!.id] },
      });
      expect(view.membersVersion).toBe(view.lastMessage?.pos);
      for (const { line, changed } of heard) {
        expect((await line).message).toEqual(view.lastMessage);
        expect(await changed).toMatchObject({ conversationId: view.id, pos: view.pos });
      }
      const seen = await viewOf(a!.client, view.id);
      // The group.created line is not unread.
      expect(seen).toMatchObject({ myRole: 'member', unreadCount: 0, ownerId: owner!.id, memberCount: 3 });

      const list = await b!.client.api.listMembers(view.id);
      expect(list.membersVersion).toBe(view.membersVersion);
      expect(list.members.map((m) => [m.userId, m.role, m.nickname]).sort()).toEqual(
        [
          [owner!.id, 'owner', ''],
          [a!.id, 'member', ''],
          [b!.id, 'member', ''],
        ].sort(),
      );
    });

    it('lists the members in joining order: the owner, then those added together in the order given', async () => {
      const owner = await people.online();
      const friends = await people.crowd(4);
      await people.befriend(owner, ...friends);
      // Given in the reverse order of their ids, which a tie on the join time would fall back to.
      const picked = [...friends].sort((x, y) => (x.id < y.id ? 1 : -1));
      const [first, second, ...invited] = picked as [Person, Person, Person, Person];
      const created = await owner.client.api.createGroup({ memberIds: [first.id, second.id] });
      await owner.client.api.inviteMembers(
        created.id,
        invited.map((p) => p.id),
      );
      const { members } = await owner.client.api.listMembers(created.id);
      expect(members.map((m) => m.userId)).toEqual([
        owner.id,
        first.id,
        second.id,
        ...invited.map((p) => p.id),
      ]);
    });

    it('takes a name at once if given', async () => {
      const { created } = await makeGroup(2, '周末爬山 ⛰️');
      expect(created.name).toBe('周末爬山 ⛰️');
    });

    it('refuses anyone who is not the caller’s friend (NOT_FRIENDS) and unknown users (USER_NOT_FOUND), and makes nothing', async () => {
      const [owner, friend, stranger] = await people.crowd(3);
      await people.befriend(owner!, friend!);
      await people.befriend(friend!, stranger!);
      const before = await syncAll(owner!.client, null);
      expect(await codeOf(owner!.client.api.createGroup({ memberIds: [friend!.id, stranger!.id] }))).toBe(
        'NOT_FRIENDS',
      );
      const unknown = '01964f5e-8b1c-7a2b-9c3d-0000000000ff';
      expect(await codeOf(owner!.client.api.createGroup({ memberIds: [friend!.id, unknown] }))).toBe(
        'USER_NOT_FOUND',
      );
      const after = await syncAll(owner!.client, before.cursor);
      expect(after.conversations).toEqual([]);
      expect((await syncAll(stranger!.client, null)).conversations).toEqual([]);
    });
  });

  describe('inviting', () => {
    it('any member invites their own friends; the newcomer starts at the invitation line, and every device hears of it', async () => {
      const { owner, members, conversationId } = await makeGroup(2);
      const [a, b] = members as [Person, Person];
      await sendText(owner.client, conversationId, 'before you came');
      const newcomer = await people.online();
      await people.befriend(a, newcomer);
      const newcomerOther = await people.device(newcomer);
      const waits = [owner.client, b.client, newcomer.client, newcomerOther].map((c) =>
        lineEvent(c, conversationId, 'members.invited'),
      );
      const changed = [newcomer.client, newcomerOther].map((c) => changedEvent(c, conversationId));
      const before = await viewOf(owner.client, conversationId);

      const view = await a.client.api.inviteMembers(conversationId, [newcomer.id]);
      expect(view).toMatchObject({ lastSeq: 3, memberCount: 4 });
      expect(view.membersVersion).toBeGreaterThan(before.membersVersion);
      for (const w of waits) {
        expect(eventOf((await w).message)).toEqual({
          type: 'members.invited',
          actorId: a.id,
          memberIds: [newcomer.id],
        });
      }
      await Promise.all(changed);

      const theirs = await viewOf(newcomer.client, conversationId);
      expect(theirs).toMatchObject({
        active: true,
        myRole: 'member',
        firstSeq: 3,
        lastSeq: 3,
        unreadCount: 0,
      });
      expect((await fullHistory(newcomer.client, conversationId)).map((m) => m.seq)).toEqual([3]);
      // The newcomer now receives what members say.
      const heard = newcomer.client.waitForEvent('message.new', (e) => e.message.seq === 4);
      await sendText(b.client, conversationId, 'welcome');
      expect((await heard).message.content).toEqual({ kind: 'text', text: 'welcome' });
    });

    it('refuses a non-friend (NOT_FRIENDS) and unknown ids (USER_NOT_FOUND); inviting a member already in changes nothing', async () => {
      const { owner, members, conversationId } = await makeGroup(2);
      const stranger = await people.person();
      await people.befriend(members[0]!, stranger);
      expect(await codeOf(owner.client.api.inviteMembers(conversationId, [stranger.id]))).toBe('NOT_FRIENDS');
      expect(
        await codeOf(
          owner.client.api.inviteMembers(conversationId, ['01964f5e-8b1c-7a2b-9c3d-0000000000ee']),
        ),
      ).toBe('USER_NOT_FOUND');
      const view = await owner.client.api.inviteMembers(conversationId, [members[0]!.id]);
      expect(view).toMatchObject({ lastSeq: 1, memberCount: 3 });
      expect((await fullHistory(owner.client, conversationId)).map((m) => m.seq)).toEqual([1]);
    });

    it('someone who left and is invited again sees only what comes from the new invitation on', async () => {
      const { owner, members, conversationId } = await makeGroup(2);
      const [a] = members as [Person];
      await a.client.api.leaveGroup(conversationId);
      await sendText(owner.client, conversationId, 'said while a was away');
      const view = await owner.client.api.inviteMembers(conversationId, [a.id]);
      const history = await fullHistory(a.client, conversationId);
      // Seq 1 (created), 2 (left) from before; 3 was said while away; 4 is the invitation.
      expect(history.map((m) => m.seq)).toEqual([4]);
      expect(await viewOf(a.client, conversationId)).toMatchObject({
        active: true,
        firstSeq: 4,
        lastSeq: view.lastSeq,
        myRole: 'member',
      });
      expect(view.memberCount).toBe(3);
    });
  });

  describe('removing', () => {
    it('the owner removes a member: member.removed, the member keeps the history up to it and learns of it by sync', async () => {
      const { owner, members, conversationId } = await makeGroup(3);
      const [a, b] = members as [Person, Person];
      const bOther = await people.device(b);
      const cursor = (await syncAll(b.client, null)).cursor;
      const told = [b.client, bOther].map((c) => changedEvent(c, conversationId));
      const others = lineEvent(a.client, conversationId, 'member.removed');

      const view = await owner.client.api.removeMember(conversationId, b.id);
      expect(view).toMatchObject({ memberCount: 3, lastSeq: 2 });
      expect(eventOf((await others).message)).toEqual({
        type: 'member.removed',
        actorId: owner.id,
        memberId: b.id,
      });
      await Promise.all(told);

      const synced = await syncAll(b.client, cursor);
      const entry = entryOf(synced, conversationId);
      expect(entry.conversation).toMatchObject({ active: false, lastSeq: 2 });
      expect(entry.messages.map((m) => [m.seq, eventOf(m).type])).toEqual([[2, 'member.removed']]);

      // From now on: no new messages, no sending, no member list; the history stops at the removal.
      const events: string[] = [];
      b.client.on('event', (e) => events.push(e.type));
      t.clock.advance(1000);
      await sendText(owner.client, conversationId, 'after b left');
      // A marker: b's own setting (still theirs to change) reaches b after anything sent before it.
      const marker = changedEvent(b.client, conversationId, synced.cursor + 1);
      await b.client.api.updateConversation(conversationId, { pinned: true });
      await marker;
      expect(events).not.toContain('message.new');
      const later = entryOf(await syncAll(b.client, synced.cursor), conversationId).conversation;
      expect(later).toMatchObject({ pinned: true, lastSeq: 2, active: false });
      expect(later.lastMessage?.seq).toBe(2);
      expect(later.lastMessageAt).toBe(later.lastMessage?.createdAt);
      expect(await codeOf(sendText(b.client, conversationId, 'hello?'))).toBe('CONVERSATION_NOT_FOUND');
      expect(await codeOf(b.client.api.listMembers(conversationId))).toBe('CONVERSATION_NOT_FOUND');
      expect(await codeOf(b.client.request('read', { conversationId, seq: 3 }))).toBe(
        'CONVERSATION_NOT_FOUND',
      );
      expect((await fullHistory(b.client, conversationId)).map((m) => m.seq)).toEqual([1, 2]);
      expect((await b.client.request('history', { conversationId, after: 2 })).messages).toEqual([]);
      expect((await owner.client.api.listMembers(conversationId)).members.map((m) => m.userId)).not.toContain(
        b.id,
      );
    });

    it('a plain member may not remove anyone (NOT_GROUP_ADMIN); an admin removes plain members but not the owner or another admin (NOT_GROUP_OWNER)', async () => {
      const { owner, members, conversationId } = await makeGroup(4);
      const [admin, admin2, plain, plain2] = members as [Person, Person, Person, Person];
      await owner.client.api.setAdmin(conversationId, admin.id, true);
      await owner.client.api.setAdmin(conversationId, admin2.id, true);
      const before = (await viewOf(owner.client, conversationId)).lastSeq;

      expect(await codeOf(plain.client.api.removeMember(conversationId, plain2.id))).toBe('NOT_GROUP_ADMIN');
      expect(await codeOf(plain.client.api.removeMember(conversationId, owner.id))).toBe('NOT_GROUP_ADMIN');
      expect(await codeOf(admin.client.api.removeMember(conversationId, owner.id))).toBe('NOT_GROUP_OWNER');
      expect(await codeOf(admin.client.api.removeMember(conversationId, admin2.id))).toBe('NOT_GROUP_OWNER');
      expect((await viewOf(owner.client, conversationId)).lastSeq).toBe(before);

      await admin.client.api.removeMember(conversationId, plain2.id);
      await owner.client.api.removeMember(conversationId, admin2.id);
      const list = await owner.client.api.listMembers(conversationId);
      expect(list.members.map((m) => [m.userId, m.role]).sort()).toEqual(
        [
          [owner.id, 'owner'],
          [admin.id, 'admin'],
          [plain.id, 'member'],
        ].sort(),
      );
      expect(await codeOf(owner.client.api.removeMember(conversationId, plain2.id))).toBe('USER_NOT_FOUND');
    });
  });

  describe('leaving', () => {
    it('a member leaves: member.left, inactive with the history up to it, told on every device', async () => {
      const { owner, members, conversationId } = await makeGroup(2);
      const [a] = members as [Person];
      const aOther = await people.device(a);
      const told = changedEvent(aOther, conversationId);
      const seen = lineEvent(owner.client, conversationId, 'member.left');
      const view = await a.client.api.leaveGroup(conversationId);
      expect(view).toMatchObject({ active: false, lastSeq: 2, memberCount: 2, myRole: 'member' });
      expect(eventOf((await seen).message)).toEqual({ type: 'member.left', actorId: a.id });
      await told;
      expect(await codeOf(a.client.api.leaveGroup(conversationId))).toBe('CONVERSATION_NOT_FOUND');
    });

    it('an owner who leaves hands the group to the longest-standing admin: owner.transferred, then member.left', async () => {
      const { owner, members, conversationId } = await makeGroup(2);
      const [a, b] = members as [Person, Person];
      t.clock.advance(1000);
      const late = await people.online();
      await people.befriend(owner, late);
      await owner.client.api.inviteMembers(conversationId, [late.id]);
      await owner.client.api.setAdmin(conversationId, late.id, true);
      await owner.client.api.leaveGroup(conversationId);
      const history = await fullHistory(a.client, conversationId);
      expect(history.slice(-2).map(eventOf)).toEqual([
        { type: 'owner.transferred', actorId: owner.id, ownerId: late.id },
        { type: 'member.left', actorId: owner.id },
      ]);
      expect(await viewOf(late.client, conversationId)).toMatchObject({ myRole: 'owner', ownerId: late.id });
      expect(await viewOf(b.client, conversationId)).toMatchObject({ ownerId: late.id, memberCount: 3 });
    });

    it('with no admin, to the longest-standing member; the last one to leave ends the group', async () => {
      const { owner, members, conversationId } = await makeGroup(2);
      const [a, b] = members as [Person, Person];
      t.clock.advance(1000);
      const late = await people.online();
      await people.befriend(owner, late);
      await owner.client.api.inviteMembers(conversationId, [late.id]);
      await owner.client.api.leaveGroup(conversationId);
      const heir = (await viewOf(late.client, conversationId)).ownerId;
      expect([a.id, b.id]).toContain(heir);

      // Everyone else leaves; the last one ends it.
      for (const p of [a, b, late]) await p.client.api.leaveGroup(conversationId);
      const final = entryOf(await syncAll(late.client, 0), conversationId).conversation;
      expect(final).toMatchObject({ active: false, dissolved: true, memberCount: 0, ownerId: null });
      const history = await fullHistory(late.client, conversationId);
      expect(history.map((m) => m.seq)).toEqual(history.map((_, i) => (history[0]?.seq ?? 0) + i));
      expect(eventOf(history.at(-1)!)).toEqual({ type: 'member.left', actorId: late.id });
    });
  });

  describe('owner and admins', () => {
    it('the owner hands over ownership: owner.transferred; the former owner is a plain member and may no longer act as owner', async () => {
      const { owner, members, conversationId } = await makeGroup(2);
      const [a, b] = members as [Person, Person];
      const seen = lineEvent(b.client, conversationId, 'owner.transferred');
      expect(await codeOf(a.client.api.transferOwnership(conversationId, b.id))).toBe('NOT_GROUP_OWNER');
      const view = await owner.client.api.transferOwnership(conversationId, a.id);
      expect(view).toMatchObject({ myRole: 'member', ownerId: a.id });
      expect(eventOf((await seen).message)).toEqual({
        type: 'owner.transferred',
        actorId: owner.id,
        ownerId: a.id,
      });
      expect(await codeOf(owner.client.api.dissolveGroup(conversationId))).toBe('NOT_GROUP_OWNER');
      expect(await codeOf(owner.client.api.setAdmin(conversationId, b.id, true))).toBe('NOT_GROUP_OWNER');
      const stranger = await people.person();
      expect(await codeOf(a.client.api.transferOwnership(conversationId, stranger.id))).toBe(
        'USER_NOT_FOUND',
      );
    });

    it('only the owner appoints and dismisses admins: admin.appointed / admin.dismissed, roles in the member list', async () => {
      const { owner, members, conversationId } = await makeGroup(2);
      const [a, b] = members as [Person, Person];
      expect(await codeOf(a.client.api.setAdmin(conversationId, b.id, true))).toBe('NOT_GROUP_OWNER');
      const v1 = await owner.client.api.setAdmin(conversationId, a.id, true);
      expect(await codeOf(a.client.api.setAdmin(conversationId, b.id, true))).toBe('NOT_GROUP_OWNER');
      expect(await codeOf(a.client.api.setAdmin(conversationId, a.id, false))).toBe('NOT_GROUP_OWNER');
      expect(
        (await a.client.api.listMembers(conversationId)).members.find((m) => m.userId === a.id)?.role,
      ).toBe('admin');
      // Asking again for what is already so changes nothing.
      expect((await owner.client.api.setAdmin(conversationId, a.id, true)).lastSeq).toBe(v1.lastSeq);
      const v2 = await owner.client.api.setAdmin(conversationId, a.id, false);
      expect(v2.membersVersion).toBeGreaterThan(v1.membersVersion);
      const lines = (await fullHistory(b.client, conversationId)).slice(1).map(eventOf);
      expect(lines).toEqual([
        { type: 'admin.appointed', actorId: owner.id, memberId: a.id },
        { type: 'admin.dismissed', actorId: owner.id, memberId: a.id },
      ]);
    });
  });

  describe('dissolving', () => {
    it('owner only; afterwards the group is read-only and every member’s view shows it dissolved', async () => {
      const { owner, members, conversationId } = await makeGroup(2);
      const [a, b] = members as [Person, Person];
      // a sends first, so that a's right to send is cached and must be dropped.
      await sendText(a.client, conversationId, 'before');
      expect(await codeOf(a.client.api.dissolveGroup(conversationId))).toBe('NOT_GROUP_OWNER');
      const seen = [a.client, b.client].map((c) => lineEvent(c, conversationId, 'group.dissolved'));
      const view = await owner.client.api.dissolveGroup(conversationId);
      expect(view).toMatchObject({ dissolved: true, active: true, lastSeq: 3 });
      await Promise.all(seen);
      for (const p of [owner, a, b]) {
        expect(await viewOf(p.client, conversationId)).toMatchObject({ dissolved: true });
        expect(await codeOf(sendText(p.client, conversationId, 'still there?'))).toBe('GROUP_DISSOLVED');
      }
      expect((await fullHistory(b.client, conversationId)).map((m) => m.seq)).toEqual([1, 2, 3]);
      const friend = await people.person();
      await people.befriend(owner, friend);
      expect(await codeOf(owner.client.api.inviteMembers(conversationId, [friend.id]))).toBe(
        'GROUP_DISSOLVED',
      );
      expect(await codeOf(a.client.api.updateConversation(conversationId, { name: 'x' }))).toBe(
        'GROUP_DISSOLVED',
      );
      expect(await codeOf(a.client.api.setNickname(conversationId, 'x'))).toBe('GROUP_DISSOLVED');
      expect(await codeOf(a.client.api.leaveGroup(conversationId))).toBe('GROUP_DISSOLVED');
      expect(await codeOf(owner.client.api.dissolveGroup(conversationId))).toBe('GROUP_DISSOLVED');
      // Their own settings still work: it is their list.
      expect((await a.client.api.updateConversation(conversationId, { pinned: true })).pinned).toBe(true);
    });
  });
});
