import { callPushTag } from '@liao/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makePeople } from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import {
  awayDevice,
  notificationsOf,
  pushesOf,
  pushTestConfig,
  subscribeDevice,
} from '../../support/push-fixtures';
import { type PushService, startPushService } from '../../support/pushService';

// A ring reaches a callee's devices whose app is closed (issues 18 and 19), and goes once the
// ring stops: answered on another device, declined, or missed.
describeEachStore('[issue 19] rings pushed to closed apps', (store) => {
  let t: TestServer;
  let pushService: PushService;
  const people = makePeople(() => t);
  beforeAll(async () => {
    pushService = await startPushService();
    t = await startTestServer(store, {
      configure: (config) => {
        pushTestConfig(config);
        config.calls.jobPollMs = 25;
      },
    });
  });
  afterAll(async () => {
    people.closeAll();
    await t?.destroy();
    await pushService?.close();
  });

  it('rings a closed app with who calls, and closes it once answered elsewhere', async () => {
    const [a, b] = [await people.online(), await people.online()];
    await people.befriend(a, b);
    const chat = await a.client.api.openDirect(b.id);
    const closed = await subscribeDevice((await awayDevice(t, b.id)).client, pushService, false);
    const hidden = await subscribeDevice((await awayDevice(t, b.id)).client, pushService);
    const { call } = await a.client.request('call.start', { conversationId: chat, media: 'video' });
    const tag = callPushTag(call.id);
    const [ring] = await pushesOf(closed, 1);
    expect(ring?.notification).toEqual({
      type: 'call',
      tag,
      callId: call.id,
      conversationId: chat,
      media: 'video',
      fromName: a.username,
      url: `/chat/${chat}`,
    });
    expect(ring?.urgency).toBe('high');
    expect((await pushesOf(hidden, 1))[0]?.notification).toMatchObject({ type: 'call', fromName: null });

    await b.client.request('call.join', { callId: call.id, media: 'video' });
    await pushesOf(closed, 2);
    expect(notificationsOf(closed)[1]).toMatchObject({ type: 'clear', tag });
    await a.client.request('call.leave', { callId: call.id });
  });

  it('a ring nobody answers is cleared, and its missed line counts in the badge', async () => {
    const [a, b] = [await people.online(), await people.person()];
    await people.befriend(a, b);
    const chat = await a.client.api.openDirect(b.id);
    const closed = await subscribeDevice(b.client, pushService);
    const { call } = await a.client.request('call.start', { conversationId: chat, media: 'voice' });
    await pushesOf(closed, 1);
    t.clock.advance(45_000);
    await expect
      .poll(() => notificationsOf(closed).find((n) => n.type === 'clear'), { timeout: 10_000 })
      .toMatchObject({ tag: callPushTag(call.id), unreadTotal: 1 });
  });
});
