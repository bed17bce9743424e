import { LiaoError } from '@liao/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fullHistory, newClientId } from '../../support/chat-fixtures';
import { makeGroupOf, makePeople, type Person, viewOf } from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';

/** What a refusal says: its code and the stable reasons of its issues. */
async function refusalOf(call: Promise<unknown>): Promise<{ code: string; reasons: unknown[] }> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof LiaoError)) throw new Error(`expected a refusal, got ${String(error)}`);
  const issues = (error.data?.issues ?? []) as { reason?: unknown }[];
  return { code: error.code, reasons: issues.map((i) => i.reason) };
}

const NO_BASE = { code: 'VALIDATION_FAILED', reasons: ['NO_BASE_CHARACTER'] };
const STACKED = { code: 'VALIDATION_FAILED', reasons: ['TOO_MANY_MARKS'] };
/** A letter under 4,999 marks: 5,000 characters, the longest message there is. */
const ZALGO = `a${'\u0301'.repeat(4999)}`;
/** A name-sized stack: a letter under 9 marks that NFC cannot fold into it. */
const NAME_STACK = `x${'\u0336'.repeat(9)}`;
/** Scripts and emoji that carry marks as they are written, all of which must still pass. */
const WRITTEN = [
  'ผู้ใหญ่กิ๊กน้ำ',
  'हिन्दी श्रीमद्भगवद्गीता',
  'Tiếng Việt: Nguyễn',
  '안녕 \u1100\u119e\u11a8',
  '👨‍👩‍👧‍👦 👍🏽 1️⃣ ❤️',
  'ཧྐྵྨླྺྼྻྂ',
];

describeEachStore('text that draws over the chat', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  async function chat(): Promise<{ a: Person; b: Person; conversationId: string }> {
    const [a, b] = (await people.crowd(2)) as [Person, Person];
    await people.befriend(a, b);
    return { a, b, conversationId: await a.client.api.openDirect(b.id) };
  }

  const send = (p: Person, conversationId: string, text: string) =>
    p.client.request('message.send', {
      conversationId,
      clientId: newClientId(),
      content: { kind: 'text', text },
    });

  it('[issue 14.8] a message of marks alone, or a letter under 4,999 of them, is refused with its reason; written scripts still go', async () => {
    const { a, conversationId } = await chat();
    const before = await fullHistory(a.client, conversationId);
    expect(await refusalOf(send(a, conversationId, '\u0301'))).toEqual(NO_BASE);
    expect(await refusalOf(send(a, conversationId, ' \u0301\u20e3\n\u0336 '))).toEqual(NO_BASE);
    expect(await refusalOf(send(a, conversationId, ZALGO))).toEqual(STACKED);
    expect(await refusalOf(send(a, conversationId, `hi e${'\u0336\u200d'.repeat(9)}`))).toEqual(STACKED);
    expect(await fullHistory(a.client, conversationId)).toEqual(before);

    for (const text of WRITTEN) {
      const { message } = await send(a, conversationId, text);
      expect(message.content).toEqual({ kind: 'text', text: text.normalize('NFC') });
    }
  });

  it('[issue 14.8] names follow the same rule: display name, group name, 群昵称, remark and greeting keep what they had', async () => {
    const { owner, members, conversationId } = await makeGroupOf(people, 2, '周末爬山');
    const [friend, stranger] = members as [Person, Person];
    const me = await owner.client.api.getMe();
    for (const bad of ['\u0301\u0301', NAME_STACK]) {
      const expected = bad === NAME_STACK ? STACKED : NO_BASE;
      expect(await refusalOf(owner.client.api.updateProfile({ displayName: bad }))).toEqual(expected);
      expect(await refusalOf(owner.client.api.updateProfile({ signature: bad }))).toEqual(expected);
      expect(await refusalOf(owner.client.api.updateConversation(conversationId, { name: bad }))).toEqual(
        expected,
      );
      expect(
        await refusalOf(owner.client.api.createGroup({ memberIds: [friend.id, stranger.id], name: bad })),
      ).toEqual(expected);
      expect(await refusalOf(owner.client.api.setNickname(conversationId, bad))).toEqual(expected);
      expect(await refusalOf(owner.client.api.setRemark(friend.id, bad))).toEqual(expected);
      expect(await refusalOf(stranger.client.api.sendFriendRequest(friend.id, bad))).toEqual(expected);
    }
    expect(await owner.client.api.getMe()).toEqual(me);
    expect((await viewOf(owner.client, conversationId)).name).toBe('周末爬山');
    expect((await owner.client.api.listFriends()).find((f) => f.user.id === friend.id)?.remark).toBe('');

    // The same rule lets names in every script through.
    await owner.client.api.updateProfile({ displayName: 'हिन्दी 👩🏻‍💻' });
    await owner.client.api.setNickname(conversationId, 'ผู้ใหญ่');
    expect((await owner.client.api.getMe()).displayName).toBe('हिन्दी 👩🏻‍💻');
  });
});
