import type { Message, OutgoingContent } from '@liao/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fullHistory, newClientId, sendText } from '../../support/chat-fixtures';
import { codeOf, makeGroupOf, makePeople, type Person, viewOf } from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { makeImage } from '../../support/images';

describeEachStore('replies', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  async function pair(): Promise<{ a: Person; b: Person; conversationId: string }> {
    const [a, b] = await people.crowd(2);
    await people.befriend(a!, b!);
    const conversationId = await a!.client.api.openDirect(b!.id);
    return { a: a!, b: b!, conversationId };
  }

  async function send(
    p: Person,
    conversationId: string,
    content: OutgoingContent,
    clientId = newClientId(),
  ): Promise<Message> {
    const { message } = await p.client.request('message.send', { conversationId, clientId, content });
    return message;
  }

  it('a reply stores a quote of the message it answers: sender, kind and the first 100 code points', async () => {
    const { a, b, conversationId } = await pair();
    // 120 code points, 240 UTF-16 units: the excerpt is cut by code point, never inside an emoji.
    const long = '😀'.repeat(120);
    const original = await sendText(a.client, conversationId, long);
    const heard = a.client.waitForEvent(
      'message.new',
      (e) => e.message.conversationId === conversationId && e.message.senderId === b.id,
    );
    const reply = await send(b, conversationId, {
      kind: 'text',
      text: '哈哈',
      replyTo: { seq: original.seq },
    });
    expect(reply.content).toEqual({
      kind: 'text',
      text: '哈哈',
      replyTo: { seq: original.seq, senderId: a.id, kind: 'text', excerpt: '😀'.repeat(100) },
    });
    // The other side sees the quote live without fetching the original, and history keeps it.
    expect((await heard).message.content).toEqual(reply.content);
    const history = await fullHistory(a.client, conversationId);
    expect(history.find((m) => m.seq === reply.seq)?.content).toEqual(reply.content);
  });

  it('a short text is quoted whole; a reply to a reply quotes only that reply, not its quote', async () => {
    const { a, b, conversationId } = await pair();
    const first = await sendText(a.client, conversationId, '周末去看电影吗？');
    const second = await send(b, conversationId, { kind: 'text', text: '好啊', replyTo: { seq: first.seq } });
    const third = await send(a, conversationId, {
      kind: 'text',
      text: '那就定了',
      replyTo: { seq: second.seq },
    });
    expect(third.content).toMatchObject({
      replyTo: { seq: second.seq, senderId: b.id, kind: 'text', excerpt: '好啊' },
    });
  });

  it('an image can be quoted (by its id) and can itself be a reply', async () => {
    const { a, b, conversationId } = await pair();
    const uploaded = await a.client.api.uploadImage(
      conversationId,
      await makeImage('png', 40, 30),
      'image/png',
    );
    const picture = await send(a, conversationId, { kind: 'image', ...uploaded });
    const answer = await send(b, conversationId, {
      kind: 'text',
      text: '好看',
      replyTo: { seq: picture.seq },
    });
    expect(answer.content).toMatchObject({
      replyTo: { seq: picture.seq, senderId: a.id, kind: 'image', imageId: uploaded.imageId },
    });
    const back = await send(a, conversationId, { kind: 'image', ...uploaded, replyTo: { seq: answer.seq } });
    expect(back.content).toMatchObject({ kind: 'image', replyTo: { seq: answer.seq, excerpt: '好看' } });
  });

  it('[idempotent] resending a reply with its client id returns the first message, not a second', async () => {
    const { a, b, conversationId } = await pair();
    const original = await sendText(a.client, conversationId, 'hello');
    const clientId = newClientId();
    const content: OutgoingContent = { kind: 'text', text: 'hi', replyTo: { seq: original.seq } };
    const first = await send(b, conversationId, content, clientId);
    const again = await send(b, conversationId, content, clientId);
    expect(again).toEqual(first);
    // The same client id answering another message is another message: refused.
    const other = await sendText(a.client, conversationId, 'other');
    expect(await codeOf(send(b, conversationId, { ...content, replyTo: { seq: other.seq } }, clientId))).toBe(
      'CLIENT_ID_REUSED',
    );
    expect((await viewOf(a.client, conversationId)).lastSeq).toBe(other.seq);
  });

  it("refuses a reply to another chat's message: seqs only mean something in their own chat", async () => {
    const { a, b, conversationId } = await pair();
    const elsewhere = await pair();
    await people.befriend(a, elsewhere.a);
    const third = await a.client.api.openDirect(elsewhere.a.id);
    for (let i = 0; i < 3; i++) await sendText(elsewhere.a.client, third, `msg ${i}`);
    const before = (await viewOf(a.client, conversationId)).lastSeq;
    // Seq 3 exists in the other chat, not here (nothing was said here yet).
    expect(await codeOf(send(a, conversationId, { kind: 'text', text: 'x', replyTo: { seq: 3 } }))).toBe(
      'REPLY_TARGET_NOT_FOUND',
    );
    expect(await codeOf(send(b, conversationId, { kind: 'text', text: 'x', replyTo: { seq: 999 } }))).toBe(
      'REPLY_TARGET_NOT_FOUND',
    );
    expect((await viewOf(a.client, conversationId)).lastSeq).toBe(before);
  });

  it('refuses a reply to a message before my firstSeq (joined later, or after clearing the chat)', async () => {
    const { owner, members, conversationId } = await makeGroupOf(people, 2);
    const early = await sendText(owner.client, conversationId, 'before you came');
    const late = await people.online();
    await people.befriend(owner, late);
    await owner.client.api.inviteMembers(conversationId, [late.id]);
    const firstSeq = (await viewOf(late.client, conversationId)).firstSeq;
    expect(firstSeq).toBeGreaterThan(early.seq);
    expect(
      await codeOf(send(late, conversationId, { kind: 'text', text: '?', replyTo: { seq: early.seq } })),
    ).toBe('REPLY_TARGET_NOT_FOUND');
    // Someone who was there all along may answer it.
    const member = members[0]!;
    const ok = await send(member, conversationId, { kind: 'text', text: '!', replyTo: { seq: early.seq } });
    expect(ok.content).toMatchObject({ replyTo: { seq: early.seq, senderId: owner.id } });

    // Clearing the chat moves my firstSeq past everything I had: those are gone for me.
    await member.client.api.deleteConversation(conversationId);
    expect(
      await codeOf(send(member, conversationId, { kind: 'text', text: '?', replyTo: { seq: ok.seq } })),
    ).toBe('REPLY_TARGET_NOT_FOUND');
  });

  it('refuses a reply to a system line, a seq of 0, and a reply from outside the chat', async () => {
    const { owner: a, conversationId } = await makeGroupOf(people, 2);
    const history = await fullHistory(a.client, conversationId);
    const line = history.find((m) => m.content.kind === 'system');
    expect(line).toBeDefined();
    expect(
      await codeOf(send(a, conversationId, { kind: 'text', text: 'x', replyTo: { seq: line!.seq } })),
    ).toBe('REPLY_TARGET_NOT_FOUND');
    expect(await codeOf(send(a, conversationId, { kind: 'text', text: 'x', replyTo: { seq: 0 } }))).toBe(
      'VALIDATION_FAILED',
    );
    const outsider = await people.online();
    const said = await sendText(a.client, conversationId, 'private');
    expect(
      await codeOf(send(outsider, conversationId, { kind: 'text', text: 'x', replyTo: { seq: said.seq } })),
    ).toBe('CONVERSATION_NOT_FOUND');
  });
});
