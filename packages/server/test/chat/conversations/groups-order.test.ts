import type { LiaoClient } from '@liao/client';
import type { ServerEvent } from '@liao/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fullHistory, sendText } from '../../support/chat-fixtures';
import {
  changedEvent,
  codeOf,
  entryOf,
  eventOf,
  expectGapFree,
  lineEvent,
  makeGroupOf,
  makePeople,
  type Person,
  record,
  syncAll,
  viewOf,
} from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';

describeEachStore('groups: names, outsiders, order', (store) => {
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

  describe('name and nicknames', () => {
    it('any member renames the group: group.renamed; the same name again changes nothing', async () => {
      const { members, conversationId } = await makeGroup(2);
      const [a, b] = members as [Person, Person];
      const seen = lineEvent(b.client, conversationId, 'group.renamed');
      const view = await a.client.api.updateConversation(conversationId, { name: '  读书会 ' });
      expect(view).toMatchObject({ name: '读书会', lastSeq: 2 });
      expect(eventOf((await seen).message)).toEqual({ type: 'group.renamed', actorId: a.id, name: '读书会' });
      expect(await viewOf(b.client, conversationId)).toMatchObject({ name: '读书会' });
      expect((await b.client.api.updateConversation(conversationId, { name: '读书会' })).lastSeq).toBe(2);
    });

    it('a member sets their own 群昵称: no line, the member list shows it, members_version moves, members hear conversation.changed', async () => {
      const { owner, members, conversationId, created } = await makeGroup(2);
      const [a] = members as [Person];
      const told = changedEvent(owner.client, conversationId, created.pos + 1);
      const view = await a.client.api.setNickname(conversationId, '  小A ');
      expect(view.lastSeq).toBe(1);
      expect(view.membersVersion).toBeGreaterThan(created.membersVersion);
      expect((await told).pos).toBe(view.membersVersion);
      const list = await owner.client.api.listMembers(conversationId);
      expect(list.membersVersion).toBe(view.membersVersion);
      expect(list.members.find((m) => m.userId === a.id)?.nickname).toBe('小A');
      await a.client.api.setNickname(conversationId, '');
      const cleared = await owner.client.api.listMembers(conversationId);
      expect(cleared.members.find((m) => m.userId === a.id)?.nickname).toBe('');
    });

    it('group actions on a one-to-one chat are NOT_A_GROUP', async () => {
      const [a, b] = await people.crowd(2);
      await people.befriend(a!, b!);
      const direct = await a!.client.api.openDirect(b!.id);
      const api = a!.client.api;
      for (const call of [
        () => api.updateConversation(direct, { name: 'x' }),
        () => api.setNickname(direct, 'x'),
        () => api.inviteMembers(direct, [b!.id]),
        () => api.removeMember(direct, b!.id),
        () => api.leaveGroup(direct),
        () => api.transferOwnership(direct, b!.id),
        () => api.setAdmin(direct, b!.id, true),
        () => api.dissolveGroup(direct),
      ]) {
        expect(await codeOf(call())).toBe('NOT_A_GROUP');
      }
      expect((await viewOf(b!.client, direct)).lastSeq).toBe(0);
    });
  });

  describe('outsiders', () => {
    it('someone who was never in it reads, sends and changes nothing: CONVERSATION_NOT_FOUND for everything', async () => {
      const { owner, members, conversationId } = await makeGroup(2);
      const outsider = await people.online();
      await people.befriend(outsider, owner);
      const api = outsider.client.api;
      for (const call of [
        () => api.listMembers(conversationId),
        () => api.inviteMembers(conversationId, [owner.id]),
        () => api.removeMember(conversationId, members[0]!.id),
        () => api.leaveGroup(conversationId),
        () => api.transferOwnership(conversationId, owner.id),
        () => api.setAdmin(conversationId, owner.id, true),
        () => api.dissolveGroup(conversationId),
        () => api.setNickname(conversationId, 'x'),
        () => api.updateConversation(conversationId, { name: 'x' }),
        () => api.updateConversation(conversationId, { pinned: true }),
        () => api.deleteConversation(conversationId),
        () => sendText(outsider.client, conversationId, 'hi'),
        () => outsider.client.request('history', { conversationId }),
        () => outsider.client.request('read', { conversationId, seq: 1 }),
        () => outsider.client.request('typing', { conversationId }),
      ]) {
        expect(await codeOf(call())).toBe('CONVERSATION_NOT_FOUND');
      }
      expect((await fullHistory(owner.client, conversationId)).map((m) => m.seq)).toEqual([1]);
    });
  });

  describe('order and sync', () => {
    it('every change is a system line in message order, gap-free, and members_version moves with every member-list change', async () => {
      const { owner, members, conversationId, created } = await makeGroup(3);
      const [a, b, c] = members as [Person, Person, Person];
      const friend = await people.online();
      await people.befriend(owner, friend);
      const versions = [created.membersVersion];
      const step = async (change: Promise<{ membersVersion: number }>) => {
        versions.push((await change).membersVersion);
      };
      await step(owner.client.api.updateConversation(conversationId, { name: 'G' }));
      await sendText(a.client, conversationId, 'hi');
      await step(owner.client.api.inviteMembers(conversationId, [friend.id]));
      await step(owner.client.api.setAdmin(conversationId, a.id, true));
      await step(a.client.api.removeMember(conversationId, b.id));
      await step(owner.client.api.transferOwnership(conversationId, a.id));
      await step(c.client.api.leaveGroup(conversationId));
      await step(a.client.api.dissolveGroup(conversationId));

      const history = await fullHistory(owner.client, conversationId);
      expectGapFree(history);
      expect(
        history.map((m) =>
          m.content.kind === 'system'
            ? m.content.event.type
            : m.content.kind === 'text'
              ? m.content.text
              : m.content.kind,
        ),
      ).toEqual([
        'group.created',
        'group.renamed',
        'hi',
        'members.invited',
        'admin.appointed',
        'member.removed',
        'owner.transferred',
        'member.left',
        'group.dissolved',
      ]);
      // The rename and the dissolution leave the member list alone; every other step moves it.
      expect(versions[1]).toBe(versions[0]);
      for (let i = 2; i < versions.length - 1; i++) expect(versions[i]!).toBeGreaterThan(versions[i - 1]!);
      expect(versions.at(-1)).toBe(versions.at(-2));
    });

    it('changes racing sends, read marks and settings all succeed, in one gap-free order that everyone shares', async () => {
      const { owner, members, conversationId } = await makeGroup(4);
      const [a, b, c, d] = members as [Person, Person, Person, Person];
      const guests = await people.crowd(4);
      await people.befriend(owner, ...guests);
      const aOther = await people.device(a);
      const work: Promise<unknown>[] = [];
      for (let i = 0; i < 12; i++) {
        const sender = [a.client, b.client, aOther, d.client][i % 4]!;
        work.push(sendText(sender, conversationId, `m${i}`));
        work.push(sender.request('read', { conversationId, seq: 1 }));
      }
      work.push(owner.client.api.updateConversation(conversationId, { name: 'race' }));
      work.push(owner.client.api.inviteMembers(conversationId, [guests[0]!.id, guests[1]!.id]));
      work.push(owner.client.api.inviteMembers(conversationId, [guests[2]!.id]));
      work.push(owner.client.api.setAdmin(conversationId, b.id, true));
      work.push(c.client.api.setNickname(conversationId, 'c'));
      work.push(c.client.api.updateConversation(conversationId, { pinned: true, draft: 'racing' }));
      work.push(d.client.api.deleteConversation(conversationId));
      work.push(owner.client.api.inviteMembers(conversationId, [guests[3]!.id]));
      await Promise.all(work);

      const seen = await fullHistory(owner.client, conversationId);
      expectGapFree(seen);
      expect(seen).toHaveLength(1 + 12 + 5);
      expect(await fullHistory(b.client, conversationId)).toEqual(seen);
      const view = await viewOf(owner.client, conversationId);
      expect(view).toMatchObject({ memberCount: 9, name: 'race', lastSeq: seen.length });
      expect((await owner.client.api.listMembers(conversationId)).members).toHaveLength(9);
    });

    it('every device of every member hears each change live: its line as message.new, then conversation.changed', async () => {
      const { owner, members, conversationId } = await makeGroup(2);
      const [a, b] = members as [Person, Person];
      const newcomer = await people.online();
      await people.befriend(owner, newcomer);
      const devices = [
        owner.client,
        await people.device(owner),
        a.client,
        await people.device(a),
        b.client,
        await people.device(b),
      ];
      const logs = devices.map(record);
      const newcomerLog = record(newcomer.client);

      const views = [
        await owner.client.api.updateConversation(conversationId, { name: 'G' }),
        await owner.client.api.inviteMembers(conversationId, [newcomer.id]),
        await owner.client.api.setAdmin(conversationId, a.id, true),
        await a.client.api.setNickname(conversationId, 'A'),
        await owner.client.api.transferOwnership(conversationId, a.id),
      ];
      const [renamed, invited, appointed, nicknamed, transferred] = views.map((v) => v.pos) as number[];
      const story = (log: ServerEvent[]) =>
        log.flatMap((e) => {
          if (e.type === 'message.new' && e.message.conversationId === conversationId)
            return [`line ${eventOf(e.message).type} ${e.message.seq}`];
          if (e.type === 'conversation.changed' && e.conversationId === conversationId)
            return [`changed ${e.pos}`];
          return [];
        });
      const expected = [
        'line group.renamed 2',
        `changed ${renamed}`,
        'line members.invited 3',
        `changed ${invited}`,
        'line admin.appointed 4',
        `changed ${appointed}`,
        `changed ${nicknamed}`,
        'line owner.transferred 5',
        `changed ${transferred}`,
      ];
      for (const log of [...logs, newcomerLog]) {
        await vi.waitFor(() => expect(story(log).at(-1)).toBe(`changed ${transferred}`));
      }
      for (const log of logs) expect(story(log)).toEqual(expected);
      expect(story(newcomerLog)).toEqual(expected.slice(2));
    });

    it('sync from a cursor brings each member the right view after each change', async () => {
      const { owner, members, conversationId } = await makeGroup(2);
      const [a, b] = members as [Person, Person];
      let cursor = (await syncAll(a.client, null)).cursor;
      const next = async (client: LiaoClient) => {
        const result = await syncAll(client, cursor);
        cursor = result.cursor;
        return entryOf(result, conversationId);
      };

      await owner.client.api.updateConversation(conversationId, { name: '新名字' });
      let entry = await next(a.client);
      // Both lines are system lines: nothing unread.
      expect(entry.conversation).toMatchObject({ name: '新名字', lastSeq: 2, unreadCount: 0 });
      expect(entry.messages.map((m) => m.seq)).toEqual([2]);

      await owner.client.api.setAdmin(conversationId, a.id, true);
      entry = await next(a.client);
      expect(entry.conversation).toMatchObject({ myRole: 'admin', lastSeq: 3 });

      await a.client.api.setNickname(conversationId, 'aa');
      entry = await next(a.client);
      expect(entry.messages).toEqual([]);
      expect(entry.conversation.lastSeq).toBe(3);

      await owner.client.api.transferOwnership(conversationId, a.id);
      entry = await next(a.client);
      expect(entry.conversation).toMatchObject({ myRole: 'owner', ownerId: a.id, lastSeq: 4 });

      await a.client.api.removeMember(conversationId, b.id);
      entry = await next(a.client);
      expect(entry.conversation).toMatchObject({ memberCount: 2, lastSeq: 5 });

      await a.client.api.leaveGroup(conversationId);
      entry = await next(a.client);
      expect(entry.conversation).toMatchObject({ active: false, myRole: 'member', lastSeq: 7 });
      expect(entry.messages.map((m) => eventOf(m).type)).toEqual(['owner.transferred', 'member.left']);

      // Nothing after leaving reaches a's sync.
      await sendText(owner.client, conversationId, 'after a left');
      expect((await syncAll(a.client, cursor)).conversations).toEqual([]);
    });
  });
});
