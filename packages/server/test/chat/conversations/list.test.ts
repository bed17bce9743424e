import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullHistory, sendText } from '../../support/chat-fixtures';
import {
  changedEvent,
  codeOf,
  entryOf,
  makePeople,
  type Person,
  record,
  syncAll,
  viewOf,
} from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';

describeEachStore('the conversation list', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  /** Two friends, connected, with their one-to-one chat and a message in it. */
  async function makeChat() {
    const [a, b] = (await people.crowd(2)) as [Person, Person];
    await people.befriend(a, b);
    const conversationId = await a.client.api.openDirect(b.id);
    await sendText(b.client, conversationId, 'hello');
    return { a, b, conversationId };
  }

  describe('own settings', () => {
    it('pinned, muted and the draft change only the caller’s view, and reach the caller’s other devices', async () => {
      const { a, b, conversationId } = await makeChat();
      const aOther = await people.device(a);
      const cursor = (await syncAll(aOther, null)).cursor;
      const bCursor = (await syncAll(b.client, null)).cursor;
      const bEvents = record(b.client);

      const told = changedEvent(aOther, conversationId, cursor + 1);
      const view = await a.client.api.updateConversation(conversationId, {
        pinned: true,
        muted: true,
        draft: '写了一半的话 ✍️\n第二行',
      });
      expect(view).toMatchObject({ pinned: true, muted: true, draft: '写了一半的话 ✍️\n第二行' });
      expect((await told).pos).toBe(view.pos);

      const synced = entryOf(await syncAll(aOther, cursor), conversationId);
      expect(synced.conversation).toMatchObject({
        pinned: true,
        muted: true,
        draft: '写了一半的话 ✍️\n第二行',
      });
      expect(synced.messages).toEqual([]);

      // The other side sees none of it.
      const theirs = await syncAll(b.client, bCursor);
      expect(theirs.conversations).toEqual([]);
      expect(await viewOf(b.client, conversationId)).toMatchObject({
        pinned: false,
        muted: false,
        draft: '',
      });
      expect(bEvents.filter((e) => e.type === 'conversation.changed')).toEqual([]);

      const unpinned = await a.client.api.updateConversation(conversationId, { pinned: false, draft: '' });
      expect(unpinned).toMatchObject({ pinned: false, muted: true, draft: '' });
    });

    it('a draft carries when it was saved: set by the server when the draft changes, and synced', async () => {
      const { a, b, conversationId } = await makeChat();
      expect((await viewOf(a.client, conversationId)).draftUpdatedAt).toBeNull();
      const before = Date.now();
      const saved = await a.client.api.updateConversation(conversationId, { draft: '等一下' });
      const savedAt = saved.draftUpdatedAt ?? 0;
      expect(savedAt).toBeGreaterThanOrEqual(before);
      expect(savedAt).toBeLessThanOrEqual(Date.now());
      expect((await viewOf(await people.device(a), conversationId)).draftUpdatedAt).toBe(savedAt);
      // Other settings, or the same draft again, leave the time alone; the other side has none.
      expect(
        (await a.client.api.updateConversation(conversationId, { pinned: true, draft: '等一下' }))
          .draftUpdatedAt,
      ).toBe(savedAt);
      expect((await viewOf(b.client, conversationId)).draftUpdatedAt).toBeNull();
    });

    it('a draft of 20,000 characters round-trips exactly', async () => {
      const { a, conversationId } = await makeChat();
      const draft = `${'草'.repeat(9_999)}${'稿'.repeat(10_000)}!`;
      expect(draft).toHaveLength(20_000);
      await a.client.api.updateConversation(conversationId, { draft });
      expect((await viewOf(await people.device(a), conversationId)).draft).toBe(draft);
    });

    it('muted conversations still count unread; the fields a list needs come with each conversation', async () => {
      const { a, b, conversationId } = await makeChat();
      await a.client.api.updateConversation(conversationId, { muted: true });
      await sendText(b.client, conversationId, 'one');
      const last = await sendText(b.client, conversationId, 'two');
      const view = await viewOf(a.client, conversationId);
      expect(view).toMatchObject({
        muted: true,
        pinned: false,
        unreadCount: 3,
        lastSeq: last.seq,
        lastMessageAt: last.createdAt,
        hidden: false,
      });
      expect(view.lastMessage).toEqual(last);
    });

    it('unchanged values change nothing: no position, no event', async () => {
      const { a, conversationId } = await makeChat();
      const first = await a.client.api.updateConversation(conversationId, { pinned: true });
      const again = await a.client.api.updateConversation(conversationId, { pinned: true, muted: false });
      expect(again.pos).toBe(first.pos);
    });

    it('group members set their own settings without touching anyone else’s', async () => {
      const [owner, x, y] = (await people.crowd(3)) as [Person, Person, Person];
      await people.befriend(owner, x, y);
      const group = await owner.client.api.createGroup({ memberIds: [x.id, y.id] });
      await x.client.api.updateConversation(group.id, { pinned: true, muted: true, draft: 'x' });
      expect(await viewOf(y.client, group.id)).toMatchObject({ pinned: false, muted: false, draft: '' });
      expect(await viewOf(x.client, group.id)).toMatchObject({ pinned: true, muted: true, draft: 'x' });
    });
  });

  describe('deleting from the list', () => {
    it('hides the chat and clears its history for the caller only; the next message brings it back, starting fresh', async () => {
      const { a, b, conversationId } = await makeChat();
      const aOther = await people.device(a);
      const before = await viewOf(a.client, conversationId);
      const told = changedEvent(aOther, conversationId, before.pos + 1);

      const view = await a.client.api.deleteConversation(conversationId);
      expect(view).toMatchObject({
        hidden: true,
        unreadCount: 0,
        lastMessage: null,
        firstSeq: before.lastSeq + 1,
        lastSeq: before.lastSeq,
      });
      await told;
      expect(await fullHistory(a.client, conversationId)).toEqual([]);
      expect((await fullHistory(b.client, conversationId)).length).toBe(before.lastSeq);
      expect(await viewOf(aOther, conversationId)).toMatchObject({ hidden: true });

      const next = await sendText(b.client, conversationId, 'are you there?');
      const back = await viewOf(a.client, conversationId);
      expect(back).toMatchObject({
        hidden: false,
        unreadCount: 1,
        lastSeq: next.seq,
        firstSeq: before.lastSeq + 1,
      });
      expect((await fullHistory(a.client, conversationId)).map((m) => m.seq)).toEqual([next.seq]);
    });

    it('opening a deleted chat from the contact card puts it back in the list, its history still cleared', async () => {
      const { a, b, conversationId } = await makeChat();
      const aOther = await people.device(a);
      const deleted = await a.client.api.deleteConversation(conversationId);
      const told = changedEvent(aOther, conversationId, deleted.pos + 1);

      expect(await a.client.api.openDirect(b.id)).toBe(conversationId);
      await told;
      expect(await viewOf(a.client, conversationId)).toMatchObject({
        hidden: false,
        lastMessage: null,
        unreadCount: 0,
        firstSeq: deleted.lastSeq + 1,
      });
      expect(await fullHistory(a.client, conversationId)).toEqual([]);
      expect(await viewOf(b.client, conversationId)).toMatchObject({ hidden: false });
      // Opening it again changes nothing more.
      const shown = await viewOf(a.client, conversationId);
      await a.client.api.openDirect(b.id);
      expect((await viewOf(a.client, conversationId)).pos).toBe(shown.pos);
    });

    it('deleting twice changes nothing the second time', async () => {
      const { a, conversationId } = await makeChat();
      const first = await a.client.api.deleteConversation(conversationId);
      const second = await a.client.api.deleteConversation(conversationId);
      expect(second.pos).toBe(first.pos);
    });

    it('someone removed from a group may still delete it from their list; someone never in it may not', async () => {
      const [owner, x, y, outsider] = (await people.crowd(4)) as [Person, Person, Person, Person];
      await people.befriend(owner, x, y);
      const group = await owner.client.api.createGroup({ memberIds: [x.id, y.id] });
      await owner.client.api.removeMember(group.id, x.id);
      const view = await x.client.api.deleteConversation(group.id);
      expect(view).toMatchObject({ active: false, hidden: true, lastMessage: null });
      expect(await fullHistory(x.client, group.id)).toEqual([]);
      // Later messages do not bring it back for someone no longer in it.
      await sendText(owner.client, group.id, 'still here');
      expect(entryOf(await syncAll(x.client, 0), group.id).conversation).toMatchObject({ hidden: true });
      expect(await codeOf(outsider.client.api.deleteConversation(group.id))).toBe('CONVERSATION_NOT_FOUND');
      expect(await codeOf(outsider.client.api.updateConversation(group.id, { muted: true }))).toBe(
        'CONVERSATION_NOT_FOUND',
      );
    });
  });
});
