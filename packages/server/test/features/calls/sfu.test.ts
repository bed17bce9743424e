import { type LiaoClient, LiaoError } from '@liao/client';
import type { CallJoined } from '@liao/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeGroupOf, makePeople, type Person } from '../../support/conversation-fixtures';
import { type Coturn, describeWithCoturn, startCoturn } from '../../support/coturn';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { SfuDevice } from '../../support/sfu-fixtures';

// Issue 19's group media: the SFU inside the server forwards each participant's track to every
// other participant, through relay-only "browsers" (werift peers of this process) and a coturn
// of the test's own. Packets are counted per sender as the server's msid names it.

/** Packets each receiver must get from each sender before a flow counts as proven. */
const ENOUGH = 25;
const WAIT = { timeout: 12_000, interval: 50 };

async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (error instanceof LiaoError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

describeWithCoturn('[issue 19] group calls through the SFU', () => {
  let coturn: Coturn;
  beforeAll(async () => {
    coturn = await startCoturn();
  });
  afterAll(async () => {
    await coturn?.stop();
  });

  describeEachStore('forwarding', (store) => {
    let t: TestServer;
    const people = makePeople(() => t);
    const devices: SfuDevice[] = [];
    beforeAll(async () => {
      t = await startTestServer(store, {
        configure: (config) => {
          config.calls.jobPollMs = 25;
          config.calls.turnUrls = coturn.urls;
          config.calls.turnSecret = coturn.secret;
          config.calls.relayOnly = true;
          config.calls.sfuAddress = '127.0.0.1';
          config.rateLimits.callStartsPerUser = { limit: 10_000, windowMs: 60_000 };
        },
      });
    });
    afterAll(async () => {
      await Promise.all(devices.map((d) => d.close()));
      people.closeAll();
      await t?.destroy();
    });

    const sfu = () => t.server.domains.calls.sfu;

    /** A device of `p` in the call, sending `kind`, negotiated with the SFU. */
    async function enter(p: Person, joined: CallJoined, kind: 'audio' | 'video'): Promise<SfuDevice> {
      const me = joined.call.participants.find((x) => x.userId === p.id);
      if (!me) throw new Error(`${p.username} is not in the call`);
      const device = new SfuDevice(p.client as LiaoClient, me.sessionId, joined.call.id, joined, kind);
      devices.push(device);
      await device.start();
      return device;
    }

    /** Every device of `to` receives ENOUGH packets from each of `from`, attributed right. */
    async function flowing(from: SfuDevice[], to: SfuDevice[]): Promise<void> {
      for (const receiver of to)
        for (const sender of from)
          if (sender !== receiver)
            await expect
              .poll(() => receiver.from(sender.sessionId), WAIT)
              .toBeGreaterThanOrEqual(ENOUGH)
              .catch((error: unknown) => {
                throw new Error(`${String(error)}\n${[...from, ...to].map((x) => x.describe()).join('\n')}`);
              });
      for (const receiver of to) expect(receiver.misattributed).toBe(0);
    }

    it('three participants each receive the other two; a late fourth receives and is received; one leaving stops reaching the rest', async () => {
      const { owner, members, conversationId } = await makeGroupOf(people, 3);
      const [m1, m2, late] = members as [Person, Person, Person];
      const started = await owner.client.request('call.start', { conversationId, media: 'video' });
      const callId = started.call.id;
      const j1 = await m1.client.request('call.join', { callId, media: 'voice' });
      const j2 = await m2.client.request('call.join', { callId, media: 'voice' });
      expect(started.iceTransportPolicy).toBe('relay');

      const a = await enter(owner, started, 'video');
      const b = await enter(m1, j1, 'audio');
      const c = await enter(m2, j2, 'audio');
      await flowing([a, b, c], [a, b, c]);
      // Each hears only the others, never itself.
      for (const d of [a, b, c]) expect(d.from(d.sessionId)).toBe(0);
      expect(sfu().peerCount()).toBe(3);

      const jl = await late.client.request('call.join', { callId, media: 'video' });
      const d = await enter(late, jl, 'video');
      await flowing([a, b, c, d], [a, b, c, d]);
      expect(sfu().peerCount()).toBe(4);

      // B hangs up: the server offers the rest a description without B's track, and B's
      // packets stop reaching them while the others' keep coming.
      const offersBefore = [a, c, d].map((x) => x.offers);
      await m1.client.request('call.leave', { callId });
      await expect.poll(() => sfu().peerCount(), WAIT).toBe(3);
      for (const [i, x] of [a, c, d].entries())
        await expect.poll(() => x.offers, WAIT).toBeGreaterThan(offersBefore[i] ?? 0);
      const fromB = [a, c, d].map((x) => x.from(b.sessionId));
      const fromA = [c, d].map((x) => x.from(a.sessionId));
      for (const [i, x] of [c, d].entries())
        await expect.poll(() => x.from(a.sessionId), WAIT).toBeGreaterThanOrEqual((fromA[i] ?? 0) + ENOUGH);
      // B's device still sends (it has not closed yet): none of it reaches anyone.
      expect([a, c, d].map((x) => x.from(b.sessionId))).toEqual(fromB);
    }, 30_000);

    it('refuses a call.sfu from a member not in the call, and from a stranger, changing nothing', async () => {
      const { owner, members, conversationId } = await makeGroupOf(people, 2);
      const [m1, outsider] = members as [Person, Person];
      const started = await owner.client.request('call.start', { conversationId, media: 'voice' });
      const callId = started.call.id;
      const j1 = await m1.client.request('call.join', { callId, media: 'voice' });
      const a = await enter(owner, started, 'audio');
      const b = await enter(m1, j1, 'audio');
      await flowing([a, b], [a, b]);
      const before = sfu().peerCount();

      const offer = { type: 'offer' as const, sdp: a.pc.localDescription?.sdp ?? 'v=0' };
      expect(await refusal(outsider.client.request('call.sfu', { callId, signal: offer }))).toBe(
        'NOT_IN_CALL',
      );
      const stranger = await people.online();
      expect(await refusal(stranger.client.request('call.sfu', { callId, signal: offer }))).toBe(
        'NOT_IN_CALL',
      );
      expect(sfu().peerCount()).toBe(before);
    }, 20_000);

    it('closes the room when the call ends: no connections left', async () => {
      const { owner, members, conversationId } = await makeGroupOf(people, 2);
      const [m1] = members as [Person];
      const started = await owner.client.request('call.start', { conversationId, media: 'voice' });
      const callId = started.call.id;
      const j1 = await m1.client.request('call.join', { callId, media: 'voice' });
      const [rooms, peers] = [sfu().roomCount(), sfu().peerCount()];
      const a = await enter(owner, started, 'audio');
      const b = await enter(m1, j1, 'audio');
      await flowing([a, b], [a, b]);
      expect(sfu().roomCount()).toBe(rooms + 1);

      await owner.client.request('call.leave', { callId });
      await m1.client.request('call.leave', { callId });
      await expect.poll(() => sfu().roomCount(), WAIT).toBe(rooms);
      // Its two connections are gone; other tests' calls still run.
      expect(sfu().peerCount()).toBe(peers);
    }, 20_000);
  });
});
