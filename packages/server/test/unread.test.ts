import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendText } from './chat-fixtures';
import {
  changedEvent,
  codeOf,
  entryOf,
  makePeople,
  type Person,
  syncAll,
  viewOf,
} from './conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from './harness';

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
