import { afterAll, beforeAll, expect, it } from 'vitest';
import { sendText } from '../../support/chat-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { makeSyncFixtures, storedMessages, until } from '../../support/sync-fixtures';

describeEachStore('SDK: replies through the outbox', (storeKind) => {
  let t: TestServer;
  const f = makeSyncFixtures(() => t.url);
  beforeAll(async () => {
    t = await startTestServer(storeKind);
  });
  afterAll(async () => {
    f.closeAll();
    await t.destroy();
  });

  it('sendText with replyTo keeps the seq in the echo; the stored message carries the quote', async () => {
    const { b, conversationId, client, peer } = await f.syncedPair();
    const question = await sendText(peer, conversationId, '明天几点？');
    const heard = peer.waitForEvent(
      'message.new',
      (e) => e.message.conversationId === conversationId && e.message.senderId !== b.id,
    );
    const item = await client.sendText(conversationId, '十点', { replyTo: { seq: question.seq } });
    expect(item.content).toEqual({ kind: 'text', text: '十点', replyTo: { seq: question.seq } });
    await client.whenSent();
    const { message } = await heard;
    expect(message).toMatchObject({
      clientId: item.clientId,
      content: {
        kind: 'text',
        text: '十点',
        replyTo: { seq: question.seq, senderId: b.id, excerpt: '明天几点？' },
      },
    });
    expect(await storedMessages(client, conversationId)).toContainEqual(message);
  });

  it('a reply to a message that is not there fails its item with REPLY_TARGET_NOT_FOUND', async () => {
    const { conversationId, client } = await f.syncedPair();
    const item = await client.sendText(conversationId, 'hm', { replyTo: { seq: 500 } });
    await until(client, () => client.getOutbox(conversationId)[0]?.state === 'failed', 'the item fails');
    expect(client.getOutbox(conversationId)).toEqual([
      { ...item, state: 'failed', error: { code: 'REPLY_TARGET_NOT_FOUND', message: expect.any(String) } },
    ]);
  });
});
