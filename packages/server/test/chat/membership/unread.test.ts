import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendText } from '../../support/chat-fixtures';
import {
  changedEvent,
  codeOf,
  entryOf,
  makePeople,
  type Person,
  syncAll,
  viewOf,
} from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';

describeEachStore('unread: marked by hand', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  /** Two friends, connected, with their one-to-one chat and a message from b in it, read by a. */
  async function makeReadChat() {
    const [a, b] = (await people.crowd(2)) as [Person, Person];
    await people.befriend(a, b);
    const conversationId = await a.client.api.openDirect(b.id);
    const hello = await sendText(b.client, conversationId, 'hello');
    await a.client.request('read', { conversationId, seq: hello.seq });
    return { a, b, conversationId, hello };
  }

  it('marking a read chat unread shows on the caller’s other devices and to no one else', async () => {
    const { a, b, conversationId } = await makeReadChat();
    const aOther = await people.device(a);
    const cursor = (await syncAll(aOther, null)).cursor;
    const bBefore = await viewOf(b.client, conversationId);

    const told = changedEvent(aOther, conversationId, cursor + 1);
    const view = await a.client.api.updateConversation(conversationId, { markedUnread: true });
    expect(view).toMatchObject({ markedUnread: true, unreadCount: 0 });
    expect((await told).pos).toBe(view.pos);
    expect(entryOf(await syncAll(aOther, cursor), conversationId).conversation).toMatchObject({
      markedUnread: true,
    });
    expect(await viewOf(b.client, conversationId)).toMatchObject({ markedUnread: false, pos: bBefore.pos });

    const again = await a.client.api.updateConversation(conversationId, { markedUnread: true });
    expect(again.pos).toBe(view.pos);
    const cleared = await a.client.api.updateConversation(conversationId, { markedUnread: false });
    expect(cleared).toMatchObject({ markedUnread: false });
    expect(cleared.pos).toBeGreaterThan(view.pos);
  });

  it('reading the chat clears the mark, even when the read mark is already at the end', async () => {
    const { a, conversationId, hello } = await makeReadChat();
    const aOther = await people.device(a);
    const marked = await a.client.api.updateConversation(conversationId, { markedUnread: true });

    const heard = aOther.waitForEvent('read.updated', (e) => e.conversationId === conversationId);
    expect(await a.client.request('read', { conversationId, seq: hello.seq })).toEqual({
      readSeq: hello.seq,
    });
    expect(await heard).toMatchObject({ userId: a.id, readSeq: hello.seq });
    const view = await viewOf(aOther, conversationId);
    expect(view).toMatchObject({ markedUnread: false, readSeq: hello.seq });
    expect(view.pos).toBeGreaterThan(marked.pos);

    // Once cleared, reading up to the same place again changes nothing.
    await a.client.request('read', { conversationId, seq: hello.seq });
    expect((await viewOf(a.client, conversationId)).pos).toBe(view.pos);
  });

  it('reading newer messages and sending one both clear it', async () => {
    const { a, b, conversationId } = await makeReadChat();
    await a.client.api.updateConversation(conversationId, { markedUnread: true });
    const next = await sendText(b.client, conversationId, 'still there?');
    expect(await viewOf(a.client, conversationId)).toMatchObject({ markedUnread: true, unreadCount: 1 });
    await a.client.request('read', { conversationId, seq: next.seq });
    expect(await viewOf(a.client, conversationId)).toMatchObject({ markedUnread: false, unreadCount: 0 });

    await a.client.api.updateConversation(conversationId, { markedUnread: true });
    await sendText(a.client, conversationId, 'yes');
    expect(await viewOf(a.client, conversationId)).toMatchObject({ markedUnread: false, unreadCount: 0 });
  });

  it('deleting the chat from the list drops the mark with the history', async () => {
    const { a, conversationId } = await makeReadChat();
    await a.client.api.updateConversation(conversationId, { markedUnread: true });
    const hidden = await a.client.api.deleteConversation(conversationId);
    expect(hidden).toMatchObject({ hidden: true, markedUnread: false });
  });

  it('refuses a mark that is not a boolean, and a chat the caller was never in', async () => {
    const { a, conversationId } = await makeReadChat();
    const [stranger] = (await people.crowd(1)) as [Person];
    expect(
      await codeOf(
        a.client.api.updateConversation(conversationId, { markedUnread: 'yes' as unknown as boolean }),
      ),
    ).toBe('VALIDATION_FAILED');
    expect(await codeOf(stranger.client.api.updateConversation(conversationId, { markedUnread: true }))).toBe(
      'CONVERSATION_NOT_FOUND',
    );
    expect(await viewOf(a.client, conversationId)).toMatchObject({ markedUnread: false });
  });

  describe('a group', () => {
    it('each member marks only their own view', async () => {
      const [owner, x, y] = (await people.crowd(3)) as [Person, Person, Person];
      await people.befriend(owner, x, y);
      const group = await owner.client.api.createGroup({ memberIds: [x.id, y.id] });
      await x.client.api.updateConversation(group.id, { markedUnread: true });
      expect(await viewOf(x.client, group.id)).toMatchObject({ markedUnread: true });
      expect(await viewOf(y.client, group.id)).toMatchObject({ markedUnread: false });
    });
  });
});

describeEachStore('unread: system lines are not unread', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  /** The caller's view as a sync gives it (newest page at hand) and as a change answers it (counted). */
  async function bothViews(p: Person, conversationId: string) {
    const synced = await viewOf(p.client, conversationId);
    const answered = await p.client.api.updateConversation(conversationId, { draft: synced.draft });
    return [synced.unreadCount, answered.unreadCount];
  }

  it('a new friend shows no badge for 你们已成为好友; the greeting is unread only to the one greeted', async () => {
    const [a, b] = (await people.crowd(2)) as [Person, Person];
    const sent = await a.client.api.sendFriendRequest(b.id, '我是小王');
    await b.client.api.acceptFriendRequest(sent.request.id);
    const conversationId = await a.client.api.openDirect(b.id);
    const view = await viewOf(a.client, conversationId);
    expect(view.lastMessage?.content).toEqual({ kind: 'system', event: { type: 'friends.started' } });
    expect(await bothViews(a, conversationId)).toEqual([0, 0]);
    expect(await bothViews(b, conversationId)).toEqual([1, 1]);

    await sendText(b.client, conversationId, '你好');
    expect(await bothViews(a, conversationId)).toEqual([1, 1]);
    expect(await bothViews(b, conversationId)).toEqual([0, 0]);
  });

  it('in a group, the lines about members and names never count; messages between them do', async () => {
    const [owner, x, y] = (await people.crowd(3)) as [Person, Person, Person];
    await people.befriend(owner, x, y);
    const group = await owner.client.api.createGroup({ memberIds: [x.id, y.id] });
    expect(await bothViews(x, group.id)).toEqual([0, 0]);

    await sendText(owner.client, group.id, 'one');
    await owner.client.api.updateConversation(group.id, { name: '周末爬山' });
    await sendText(y.client, group.id, 'two');
    await owner.client.api.removeMember(group.id, y.id);
    const three = await sendText(owner.client, group.id, 'three');
    expect(await bothViews(x, group.id)).toEqual([3, 3]);
    // y sees up to the line that removed them, and writing 'two' read all before it. (A first
    // sync lists only the chats one is in, so y's view is the answer to a change.)
    const yView = await y.client.api.updateConversation(group.id, { pinned: true });
    expect(yView).toMatchObject({ active: false, lastSeq: three.seq - 1, unreadCount: 0 });

    // Reading up to the rename leaves 'two' and 'three'.
    await x.client.request('read', { conversationId: group.id, seq: three.seq - 3 });
    expect(await bothViews(x, group.id)).toEqual([2, 2]);
    await x.client.request('read', { conversationId: group.id, seq: three.seq });
    expect(await bothViews(x, group.id)).toEqual([0, 0]);
  });

  it('system lines far behind the newest page are left out too (counted in the store)', async () => {
    const [owner, x] = (await people.crowd(2)) as [Person, Person];
    const [other] = (await people.crowd(1)) as [Person];
    await people.befriend(owner, x, other);
    const group = await owner.client.api.createGroup({ memberIds: [x.id, other.id] });
    await owner.client.api.updateConversation(group.id, { name: '旧名字' });
    for (let i = 0; i < 25; i++) await sendText(owner.client, group.id, `m${i}`);
    const synced = entryOf(await syncAll(x.client, null), group.id);
    expect(synced.limited).toBe(true);
    expect(synced.conversation.unreadCount).toBe(25);
    expect(await bothViews(x, group.id)).toEqual([25, 25]);
  });
});
