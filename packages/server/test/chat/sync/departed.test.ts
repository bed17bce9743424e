import type { Conversation, SyncResult } from '@liao/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sendText } from '../../support/chat-fixtures';
import { entryOf, makeGroupOf, makePeople, syncAll } from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';

/*
 * A group the user left or was removed from must show the same on every device, whether the
 * device saw it happen (a later sync) or came afterwards (a first sync), and whatever else
 * moved the cursor meanwhile.
 */
describeEachStore('sync: groups one is no longer in', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  /** The chats a device lists after applying these replies in order (deleted ones left out), by id. */
  function listed(...replies: SyncResult[]): Map<string, Conversation> {
    const held = new Map<string, Conversation>();
    for (const reply of replies) {
      for (const entry of reply.conversations) held.set(entry.conversation.id, entry.conversation);
    }
    return new Map([...held].filter(([, c]) => !c.hidden));
  }

  it('a group one was removed from is listed by a new device’s first sync as by a device that saw it happen', async () => {
    const { owner, members, conversationId } = await makeGroupOf(people, 2);
    const x = members[0]!;
    const there = await syncAll(x.client, null);
    await owner.client.api.removeMember(conversationId, x.id);
    const afterwards = await syncAll(x.client, there.cursor);
    expect(entryOf(afterwards, conversationId).conversation).toMatchObject({ active: false, hidden: false });

    const fresh = await syncAll(await people.device(x), null);
    const onNewDevice = listed(fresh);
    expect([...onNewDevice.keys()].sort()).toEqual([...listed(there, afterwards).keys()].sort());
    expect(onNewDevice.get(conversationId)).toEqual(listed(there, afterwards).get(conversationId));
  });

  it('a first sync’s cursor covers the group one left: with nothing new, the next sync brings nothing', async () => {
    const { owner, members, conversationId } = await makeGroupOf(people, 2);
    const x = members[0]!;
    const direct = await owner.client.api.openDirect(x.id);
    await sendText(owner.client, direct, 'before x leaves the group');
    await x.client.api.leaveGroup(conversationId);

    const first = await syncAll(await people.device(x), null);
    // Before the fix the group came back here (its position was above the cursor the direct chat set).
    const next = await syncAll(x.client, first.cursor);
    expect(next.conversations.map((c) => c.conversation.id)).toEqual([]);
    expect(next.cursor).toBe(first.cursor);
    expect(entryOf(first, conversationId).conversation).toMatchObject({ active: false, lastSeq: 2 });
  });

  it('a departed group deleted from the list stays off a new device, and a device that knew it drops it', async () => {
    const { owner, members, conversationId } = await makeGroupOf(people, 2);
    const x = members[0]!;
    const there = await syncAll(x.client, null);
    await owner.client.api.removeMember(conversationId, x.id);
    await x.client.api.deleteConversation(conversationId);
    const afterwards = await syncAll(x.client, there.cursor);
    expect(entryOf(afterwards, conversationId).conversation).toMatchObject({ active: false, hidden: true });

    const fresh = await syncAll(await people.device(x), null);
    expect(fresh.conversations.map((c) => c.conversation.id)).not.toContain(conversationId);
    expect([...listed(fresh).keys()].sort()).toEqual([...listed(there, afterwards).keys()].sort());

    // Invited back, it is listed again everywhere.
    await owner.client.api.inviteMembers(conversationId, [x.id]);
    const back = await syncAll(x.client, afterwards.cursor);
    expect(listed(there, afterwards, back).get(conversationId)).toMatchObject({ active: true });
    expect(listed(await syncAll(await people.device(x), null)).get(conversationId)).toEqual(
      listed(there, afterwards, back).get(conversationId),
    );
  });
});
