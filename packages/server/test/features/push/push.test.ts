import type { PushNotification } from '@liao/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sendText } from '../../support/chat-fixtures';
import { makePeople, type Person } from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { makeImage, sendChatImage, uploadChatImage } from '../../support/images';
import {
  awayDevice,
  notificationsOf,
  pushesOf,
  pushTestConfig,
  subscribeDevice,
} from '../../support/push-fixtures';
import { type PushService, startPushService } from '../../support/pushService';

describeEachStore('[issue 18] Web Push', (store) => {
  let t: TestServer;
  let pushService: PushService;
  const people = makePeople(() => t);
  beforeAll(async () => {
    pushService = await startPushService();
    t = await startTestServer(store, { configure: pushTestConfig });
  });
  afterAll(async () => {
    people.closeAll();
    await t?.destroy();
    await pushService?.close();
  });

  const idle = () => t.server.domains.push.whenIdle();
  const tokenOf = (p: Person) => p.client.api.http.token ?? '';

  /** Two friends with a one-to-one chat; the sender connected, the recipient not. */
  async function pair(): Promise<{ a: Person; b: Person; conversationId: string }> {
    const [a, b] = [await people.online(), await people.person()];
    await people.befriend(a, b);
    return { a, b, conversationId: await a.client.api.openDirect(b.id) };
  }

  it('pushes a message to the recipient’s device that is away; not to a live one, nor to the sender’s', async () => {
    const { a, b, conversationId } = await pair();
    const away = await subscribeDevice(b.client, pushService);
    const live = await subscribeDevice(await people.device(b), pushService);
    const sendersAway = await subscribeDevice((await awayDevice(t, a.id)).client, pushService);

    await sendText(a.client, conversationId, '晚上一起吃饭吗');
    const [push] = await pushesOf(away, 1);
    await idle();
    expect(live.received).toEqual([]);
    expect(sendersAway.received).toEqual([]);
    // Hidden by default: the lock screen shows that something came, not who or what.
    expect(push?.notification).toEqual({
      type: 'message',
      tag: conversationId,
      conversationId,
      conversationKind: 'direct',
      title: null,
      senderName: null,
      preview: null,
      count: 1,
      unreadTotal: 1,
      url: `/chat/${conversationId}`,
    });
    expect(push).toMatchObject({ ttl: 86400, urgency: 'high' });
    expect(push?.topic).toMatch(/^[\w-]{32}$/);
    expect(push?.vapidKey).toBe(await b.client.api.getPushKey());
    expect(push?.claims.aud).toBe(pushService.url);
  });

  it('a muted chat pushes nothing', async () => {
    const { a, b, conversationId } = await pair();
    const away = await subscribeDevice(b.client, pushService);
    await b.client.api.updateConversation(conversationId, { muted: true });
    await sendText(a.client, conversationId, '在吗');
    await idle();
    expect(away.received).toEqual([]);
    await b.client.api.updateConversation(conversationId, { muted: false });
    await sendText(a.client, conversationId, '在吗？');
    expect((await pushesOf(away, 1))[0]?.notification).toMatchObject({ type: 'message', count: 1 });
  });

  it('a burst is one notification per chat with a count; reading on another device clears it', async () => {
    const { a, b, conversationId } = await pair();
    const away = await subscribeDevice(b.client, pushService);
    for (const text of ['一', '二', '三']) await sendText(a.client, conversationId, text);
    const pushes = await pushesOf(away, 3);
    // Each push is sent on its own, so they may arrive in any order; each counts what came before.
    expect(pushes.map((p) => p.notification).sort(byCount)).toEqual(
      [1, 2, 3].map((count) => expect.objectContaining({ type: 'message', tag: conversationId, count })),
    );
    expect(new Set(pushes.map((p) => p.topic)).size).toBe(1);
    expect(
      Math.max(...pushes.map((p) => (p.notification.type === 'message' ? p.notification.unreadTotal : 0))),
    ).toBe(3);

    const desk = await people.device(b);
    const last = await sendText(a.client, conversationId, '四');
    await pushesOf(away, 4);
    await idle();
    await desk.request('read', { conversationId, seq: last.seq });
    await pushesOf(away, 5);
    expect(notificationsOf(away)[4]).toEqual({ type: 'clear', tag: conversationId, unreadTotal: 0 });
    await idle();

    // What was pushed is forgotten: the count starts again.
    await sendText(a.client, conversationId, '五');
    expect((await pushesOf(away, 6))[5]?.notification).toMatchObject({
      type: 'message',
      count: 1,
      unreadTotal: 1,
    });
  });

  it('replying from another device clears the chat’s notification on the devices that had it', async () => {
    const { a, b, conversationId } = await pair();
    const away = await subscribeDevice(b.client, pushService);
    await sendText(a.client, conversationId, '明天见？');
    await pushesOf(away, 1);
    await idle();
    await b.client.connect();
    await sendText(b.client, conversationId, '好');
    expect((await pushesOf(away, 2))[1]?.notification).toEqual({
      type: 'clear',
      tag: conversationId,
      unreadTotal: 0,
    });
    b.client.disconnect();
  });

  it('with previews shown: the sender, the text (cut short), and an image by its kind; a group by its name', async () => {
    const { a, b, conversationId } = await pair();
    const away = await subscribeDevice(b.client, pushService, false);
    expect((await b.client.api.getPushSubscription()).subscription?.hidePreview).toBe(false);
    await sendText(a.client, conversationId, `${'长'.repeat(200)}`);
    const image = await uploadChatImage(t.url, tokenOf(a), conversationId, await makeImage('png', 40, 30));
    await sendChatImage(a.client, conversationId, image.body);
    const pushes = (await pushesOf(away, 2)).map((p) => p.notification).sort(byCount);
    const text = `${'长'.repeat(119)}…`;
    expect(pushes[0]).toMatchObject({
      title: a.username,
      senderName: a.username,
      preview: { kind: 'text', text },
    });
    expect(pushes[1]).toMatchObject({
      title: a.username,
      senderName: a.username,
      preview: { kind: 'image' },
      count: 2,
    });

    const c = await people.person();
    await people.befriend(a, c);
    const group = await a.client.api.createGroup({ memberIds: [b.id, c.id], name: '周末爬山' });
    await idle();
    const before = away.received.length;
    await sendText(a.client, group.id, '集合时间？');
    const [push] = (await pushesOf(away, before + 1)).slice(before);
    expect(push?.notification).toMatchObject({
      conversationKind: 'group',
      title: '周末爬山',
      senderName: a.username,
      preview: { kind: 'text', text: '集合时间？' },
    });

    // Hidden again: no sender, title or text.
    await b.client.api.updatePushSubscription({ hidePreview: true });
    await sendText(a.client, group.id, '八点');
    const [hidden] = (await pushesOf(away, before + 2)).slice(before + 1);
    expect(hidden?.notification).toMatchObject({ title: null, senderName: null, preview: null, count: 2 });
  });

  it('a friend request pushes to the recipient’s away devices', async () => {
    const [a, b] = [await people.person(), await people.person()];
    const shown = await subscribeDevice(b.client, pushService, false);
    const hidden = await subscribeDevice((await awayDevice(t, b.id)).client, pushService);
    const { request } = await a.client.api.sendFriendRequest(b.id, '我是小王');
    const expected = {
      type: 'friendRequest',
      tag: 'friend-requests',
      requestId: request.id,
      url: '/friends/new',
    };
    expect((await pushesOf(shown, 1))[0]?.notification).toEqual({
      ...expected,
      fromName: a.username,
      greeting: '我是小王',
    });
    expect((await pushesOf(hidden, 1))[0]?.notification).toEqual({
      ...expected,
      fromName: null,
      greeting: null,
    });
  });

  it('the badge counts friend requests waiting beside unread messages', async () => {
    const { a, b, conversationId } = await pair();
    const asker = await people.person();
    await asker.client.api.sendFriendRequest(b.id, '你好');
    const away = await subscribeDevice(b.client, pushService);
    await sendText(a.client, conversationId, '在吗');
    const [push] = await pushesOf(away, 1);
    expect(push?.notification).toMatchObject({ type: 'message', count: 1, unreadTotal: 2 });
  });

  it('a subscription the push service says is gone (410, 404) is dropped', async () => {
    const { a, b, conversationId } = await pair();
    const gone = await subscribeDevice(b.client, pushService);
    const other = await awayDevice(t, b.id);
    const notFound = await subscribeDevice(other.client, pushService);
    pushService.answer(gone, 410);
    pushService.answer(notFound, 404);
    await sendText(a.client, conversationId, '还在用这个号吗');
    await idle();
    expect((await b.client.api.getPushSubscription()).subscription).toBeNull();
    expect((await other.client.api.getPushSubscription()).subscription).toBeNull();
    await sendText(a.client, conversationId, '？');
    await idle();
    expect([gone.received, notFound.received]).toEqual([[], []]);
  });

  it('a push service failing (500, 429) is tried again; the notification arrives once', async () => {
    const { a, b, conversationId } = await pair();
    const away = await subscribeDevice(b.client, pushService);
    pushService.answer(away, 500, 429);
    await sendText(a.client, conversationId, '稍后再试');
    await pushesOf(away, 1);
    await idle();
    expect(away.received).toHaveLength(1);
  });

  it('signing a device out drops its subscription', async () => {
    const { a, b, conversationId } = await pair();
    const other = await awayDevice(t, b.id);
    const kept = await subscribeDevice(other.client, pushService);
    const dropped = await subscribeDevice(b.client, pushService);
    await b.client.api.signOut();
    const rows = await t.server.ctx.db
      .selectFrom('push_subscriptions')
      .select('endpoint')
      .where('user_id', '=', b.id)
      .execute();
    expect(rows.map((r) => r.endpoint)).toEqual([kept.endpoint]);
    await sendText(a.client, conversationId, '拜拜');
    await pushesOf(kept, 1);
    await idle();
    expect(dropped.received).toEqual([]);

    // Signing out every other device drops theirs too.
    const desk = await people.device(b);
    await desk.api.signOutOtherDevices();
    expect(
      await t.server.ctx.db
        .selectFrom('push_subscriptions')
        .select('id')
        .where('user_id', '=', b.id)
        .execute(),
    ).toEqual([]);
  });

  it('the VAPID keys are made once and kept in the store', async () => {
    const p = await people.person();
    const key = await p.client.api.getPushKey();
    expect(Buffer.from(key, 'base64url')).toHaveLength(65);
    const rows = await t.server.ctx.db.selectFrom('push_vapid_keys').select('public_key').execute();
    expect(rows.map((r) => r.public_key)).toEqual([key]);
  });
});

function byCount(x: PushNotification, y: PushNotification): number {
  return (x.type === 'message' ? x.count : 0) - (y.type === 'message' ? y.count : 0);
}
