import type { ServerEvent } from '@liao/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { codeOf, makePeople, type Person, record } from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';

const typingFrom = (events: ServerEvent[], userId: string) =>
  events.filter((e) => e.type === 'typing' && e.userId === userId);

describeEachStore('typing', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  async function makeChat() {
    const [a, b] = (await people.crowd(2)) as [Person, Person];
    await people.befriend(a, b);
    const conversationId = await a.client.api.openDirect(b.id);
    return { a, b, conversationId };
  }

  it('reaches every device of the other side, and none of the typist’s own', async () => {
    const { a, b, conversationId } = await makeChat();
    const [a2, b2] = [await people.device(a), await people.device(b)];
    const aEvents = record(a2);
    const arrived = [b.client, b2].map((c) =>
      c.waitForEvent('typing', (e) => e.conversationId === conversationId),
    );
    expect(await a.client.request('typing', { conversationId })).toEqual({});
    for (const e of await Promise.all(arrived)) {
      expect(e).toEqual({ type: 'typing', conversationId, userId: a.id });
    }
    // b typing back is the marker: a's other device gets it, and nothing of a's own before it.
    const marker = a2.waitForEvent('typing', (e) => e.userId === b.id);
    await b.client.request('typing', { conversationId });
    await marker;
    expect(typingFrom(aEvents, a.id)).toEqual([]);
  });

  it('carries "stopped" to the other side, so the line comes down without waiting', async () => {
    const { a, b, conversationId } = await makeChat();
    const started = b.client.waitForEvent('typing', (e) => e.conversationId === conversationId);
    await a.client.request('typing', { conversationId });
    expect(await started).toEqual({ type: 'typing', conversationId, userId: a.id });
    const stopped = b.client.waitForEvent('typing', (e) => e.conversationId === conversationId);
    expect(await a.client.request('typing', { conversationId, stopped: true })).toEqual({});
    expect(await stopped).toEqual({ type: 'typing', conversationId, userId: a.id, stopped: true });
  });

  it('in a group it is accepted and shown to no one', async () => {
    const [owner, x, y] = (await people.crowd(3)) as [Person, Person, Person];
    await people.befriend(owner, x, y);
    const group = await owner.client.api.createGroup({ memberIds: [x.id, y.id] });
    const events = record(x.client);
    expect(await owner.client.request('typing', { conversationId: group.id })).toEqual({});
    const direct = await owner.client.api.openDirect(x.id);
    const marker = x.client.waitForEvent('typing', (e) => e.conversationId === direct);
    await owner.client.request('typing', { conversationId: direct });
    await marker;
    expect(events.filter((e) => e.type === 'typing' && e.conversationId === group.id)).toEqual([]);
  });

  it('is refused once they are no longer friends (NOT_FRIENDS), and when the other side blocks (MESSAGE_REFUSED)', async () => {
    const unfriended = await makeChat();
    await unfriended.b.client.api.deleteFriend(unfriended.a.id);
    expect(
      await codeOf(unfriended.a.client.request('typing', { conversationId: unfriended.conversationId })),
    ).toBe('NOT_FRIENDS');

    const blocked = await makeChat();
    await blocked.b.client.api.block(blocked.a.id);
    expect(await codeOf(blocked.a.client.request('typing', { conversationId: blocked.conversationId }))).toBe(
      'MESSAGE_REFUSED',
    );
    // The one who blocks may still say they are typing.
    expect(await blocked.b.client.request('typing', { conversationId: blocked.conversationId })).toEqual({});
  });

  it('is refused to outsiders and former members (CONVERSATION_NOT_FOUND) and in dissolved groups (GROUP_DISSOLVED)', async () => {
    const { conversationId } = await makeChat();
    const outsider = await people.online();
    expect(await codeOf(outsider.client.request('typing', { conversationId }))).toBe(
      'CONVERSATION_NOT_FOUND',
    );

    const [owner, x, y] = (await people.crowd(3)) as [Person, Person, Person];
    await people.befriend(owner, x, y);
    const group = await owner.client.api.createGroup({ memberIds: [x.id, y.id] });
    await owner.client.api.removeMember(group.id, x.id);
    expect(await codeOf(x.client.request('typing', { conversationId: group.id }))).toBe(
      'CONVERSATION_NOT_FOUND',
    );
    await owner.client.api.dissolveGroup(group.id);
    expect(await codeOf(y.client.request('typing', { conversationId: group.id }))).toBe('GROUP_DISSOLVED');
  });

  it('refuses ill-formed bodies with VALIDATION_FAILED', async () => {
    const { a, conversationId } = await makeChat();
    for (const body of [
      {},
      { conversationId: 'x' },
      { conversationId, extra: 1 },
      { conversationId: 42 },
      { conversationId, stopped: 'yes' },
    ]) {
      expect(await codeOf(a.client.request('typing', body as { conversationId: string }))).toBe(
        'VALIDATION_FAILED',
      );
    }
  });
});
