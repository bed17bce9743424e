import { type LiaoClient, LiaoError } from '@liao/client';
import type { Call, Message, ServerEvent } from '@liao/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullHistory, sendText } from '../../support/chat-fixtures';
import { makePeople, type Person, viewOf } from '../../support/conversation-fixtures';
import { recordEvents } from '../../support/friends-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';

// Issue 19's signalling over the socket: ringing every device, the first answer taking the
// call, negotiation relayed to the one device it is for, how calls end and the line each
// leaves in the chat, and every refusal. Timers run on the test's clock: moving it past a
// ring or a drop's grace lets the job queue (polling fast here) end the call.

const RING_MS = 45_000;
const ALONE_MS = 30_000;

/** The code a refused request failed with. */
async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (error instanceof LiaoError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** The last `call.updated` a device received for that call, once one matches. */
async function callSeen(events: ServerEvent[], match: (call: Call) => boolean): Promise<Call> {
  let found: Call | undefined;
  await expect
    .poll(
      () => {
        found = events
          .filter((e): e is Extract<ServerEvent, { type: 'call.updated' }> => e.type === 'call.updated')
          .map((e) => e.call)
          .findLast(match);
        return found !== undefined;
      },
      { timeout: 5000, interval: 10 },
    )
    .toBe(true);
  return found as Call;
}

async function callLines(client: LiaoClient, conversationId: string): Promise<Message[]> {
  return (await fullHistory(client, conversationId)).filter((m) => m.content.kind === 'call');
}

describeEachStore('[issue 19] call signalling', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);
  beforeAll(async () => {
    t = await startTestServer(store, {
      configure: (config) => {
        config.calls.jobPollMs = 25;
        // Credentials are handed out with each join (the relay itself: turn.test.ts).
        config.calls.turnUrls = ['turn:127.0.0.1:3478?transport=udp'];
        config.calls.turnSecret = 'a test secret, 16+ chars';
        config.calls.relayOnly = true;
        config.rateLimits.callStartsPerUser = { limit: 10_000, windowMs: 60_000 };
      },
    });
  });
  afterAll(async () => {
    people.closeAll();
    await t?.destroy();
  });

  /** Two friends online and their chat. */
  async function pair(): Promise<{ a: Person; b: Person; chat: string }> {
    const [a, b] = await people.crowd(2);
    await people.befriend(a as Person, b as Person);
    const chat = await (a as Person).client.api.openDirect((b as Person).id);
    return { a: a as Person, b: b as Person, chat };
  }

  describe('one-to-one', () => {
    it('rings every device of the callee; the first to answer takes the call, the others stop', async () => {
      const { a, b, chat } = await pair();
      const phone = await people.device(b);
      const [desk, onPhone, caller] = [recordEvents(b.client), recordEvents(phone), recordEvents(a.client)];
      const started = await a.client.request('call.start', { conversationId: chat, media: 'video' });
      expect(started.call).toMatchObject({
        topology: 'p2p',
        media: 'video',
        ringing: [b.id],
        answeredAt: null,
      });
      expect(started.iceTransportPolicy).toBe('relay');
      const [turn] = started.iceServers;
      expect(turn?.urls).toEqual(['turn:127.0.0.1:3478?transport=udp']);
      expect(turn?.username).toMatch(new RegExp(`^\\d+:${a.id}$`));
      expect(turn?.credential).toMatch(/^[A-Za-z0-9+/]{27}=$/);
      expect(started.call.participants.map((p) => p.userId)).toEqual([a.id]);
      const callId = started.call.id;
      await callSeen(desk, (c) => c.id === callId && c.ringing.includes(b.id));
      await callSeen(onPhone, (c) => c.id === callId && c.ringing.includes(b.id));

      const answered = await phone.request('call.join', { callId, media: 'video' });
      expect(answered.call.ringing).toEqual([]);
      expect(answered.call.participants.map((p) => p.userId)).toEqual([a.id, b.id]);
      // The desk sees B in the call on another device: it stops ringing.
      const onDesk = await callSeen(desk, (c) => c.id === callId && c.participants.length === 2);
      expect(onDesk.ringing).toEqual([]);
      expect(await refusal(b.client.request('call.join', { callId, media: 'voice' }))).toBe(
        'CALL_ANSWERED_ELSEWHERE',
      );

      // Negotiation reaches the answering device only.
      const phoneSession = answered.call.participants.find((p) => p.userId === b.id)?.sessionId ?? '';
      const callerSession = started.call.participants[0]?.sessionId ?? '';
      await a.client.request('call.signal', {
        callId,
        toSessionId: phoneSession,
        signal: { type: 'offer', sdp: 'v=0 offer' },
      });
      await phone.request('call.signal', {
        callId,
        toSessionId: callerSession,
        signal: { type: 'answer', sdp: 'v=0 answer' },
      });
      await expect
        .poll(() => onPhone.find((e) => e.type === 'call.signal'))
        .toMatchObject({ callId, fromUserId: a.id, fromSessionId: callerSession, signal: { type: 'offer' } });
      await expect
        .poll(() => caller.find((e) => e.type === 'call.signal'))
        .toMatchObject({ fromUserId: b.id, fromSessionId: phoneSession, signal: { type: 'answer' } });
      expect(desk.some((e) => e.type === 'call.signal')).toBe(false);

      // 65 s later B hangs up: the call ends, its line says how long it lasted.
      t.clock.advance(65_000);
      await phone.request('call.leave', { callId });
      const ended = await callSeen(caller, (c) => c.id === callId && c.endedAt !== null);
      expect(ended.endReason).toBe('ended');
      const [line] = await callLines(a.client, chat);
      expect(line).toMatchObject({
        senderId: a.id,
        content: { kind: 'call', call: { callId, media: 'video', outcome: 'ended' } },
      });
      // The test's clock moves with real time too: 65 s and the few milliseconds the test took.
      const duration = line?.content.kind === 'call' ? line.content.call.durationMs : 0;
      expect(duration).toBeGreaterThanOrEqual(65_000);
      expect(duration).toBeLessThan(70_000);
      expect(await refusal(phone.request('call.join', { callId, media: 'video' }))).toBe('CALL_ENDED');
    });

    it('ends cancelled, declined or missed, each with its line; a missed call is unread', async () => {
      const { a, b, chat } = await pair();
      const first = await a.client.request('call.start', { conversationId: chat, media: 'voice' });
      await a.client.request('call.leave', { callId: first.call.id });
      const second = await a.client.request('call.start', { conversationId: chat, media: 'voice' });
      await b.client.request('call.decline', { callId: second.call.id });
      const third = await a.client.request('call.start', { conversationId: chat, media: 'video' });
      const seen = recordEvents(b.client);
      t.clock.advance(RING_MS);
      await callSeen(seen, (c) => c.id === third.call.id && c.endedAt !== null);
      const lines = await callLines(b.client, chat);
      expect(lines.map((m) => m.content.kind === 'call' && m.content.call.outcome)).toEqual([
        'cancelled',
        'declined',
        'missed',
      ]);
      expect((await viewOf(b.client, chat)).unreadCount).toBe(3);
    });

    it('a callee in another call is busy; a caller in one cannot start a second', async () => {
      const { a, b, chat } = await pair();
      const c = await people.online();
      await people.befriend(c, b);
      await people.befriend(c, a);
      const withB = await c.client.api.openDirect(b.id);
      const talking = await c.client.request('call.start', { conversationId: withB, media: 'voice' });
      await b.client.request('call.join', { callId: talking.call.id, media: 'voice' });

      const busy = await a.client.request('call.start', { conversationId: chat, media: 'voice' });
      expect(busy.call).toMatchObject({ endReason: 'busy', ringing: [] });
      const [line] = await callLines(a.client, chat);
      expect(line?.content).toMatchObject({ kind: 'call', call: { outcome: 'busy' } });

      const withA = await c.client.api.openDirect(a.id);
      expect(await refusal(c.client.request('call.start', { conversationId: withA, media: 'voice' }))).toBe(
        'ALREADY_IN_CALL',
      );
    });

    it('both calling at once makes one call', async () => {
      const { a, b, chat } = await pair();
      const [fromA, fromB] = await Promise.all([
        a.client.request('call.start', { conversationId: chat, media: 'voice' }),
        b.client.request('call.start', { conversationId: chat, media: 'voice' }),
      ]);
      expect(fromA.call.id).toBe(fromB.call.id);
      // Whichever started first answered first; the other joined it (its answer has both).
      const [now] = (await a.client.request('call.active', {})).calls;
      expect(now?.participants.map((p) => p.userId).sort()).toEqual([a.id, b.id].sort());
      expect(now?.answeredAt).not.toBeNull();
      await a.client.request('call.leave', { callId: fromA.call.id });
    });

    it('a dropped device is waited for; it resumes, or the call ends after the grace', async () => {
      const { a, b, chat } = await pair();
      const watch = recordEvents(a.client);
      const call = await a.client.request('call.start', { conversationId: chat, media: 'voice' });
      await b.client.request('call.join', { callId: call.call.id, media: 'voice' });
      b.client.disconnect();
      await callSeen(watch, (c) => c.participants.some((p) => p.userId === b.id && !p.connected));
      await b.client.connect();
      const resumed = await b.client.request('call.resume', { callId: call.call.id });
      expect(resumed.call.participants.every((p) => p.connected)).toBe(true);

      watch.length = 0;
      b.client.disconnect();
      await callSeen(watch, (c) => c.participants.some((p) => p.userId === b.id && !p.connected));
      t.clock.advance(ALONE_MS);
      const ended = await callSeen(watch, (c) => c.id === call.call.id && c.endedAt !== null);
      expect(ended.endReason).toBe('failed');
      await b.client.connect();
    });
  });

  describe('refusals', () => {
    it('strangers, the blocked and non-members cannot ring, join or signal', async () => {
      const { a, b, chat } = await pair();
      const stranger = await people.online();
      expect(
        await refusal(stranger.client.request('call.start', { conversationId: chat, media: 'voice' })),
      ).toBe('CONVERSATION_NOT_FOUND');
      const call = await a.client.request('call.start', { conversationId: chat, media: 'voice' });
      const callId = call.call.id;
      expect(await refusal(stranger.client.request('call.join', { callId, media: 'voice' }))).toBe(
        'CALL_NOT_FOUND',
      );
      expect(await refusal(stranger.client.request('call.decline', { callId }))).toBe('CALL_NOT_FOUND');
      const callerSession = call.call.participants[0]?.sessionId ?? '';
      // A forged offer from someone not in the call, and one to a device that is not in it.
      expect(
        await refusal(
          stranger.client.request('call.signal', {
            callId,
            toSessionId: callerSession,
            signal: { type: 'offer', sdp: 'v=0' },
          }),
        ),
      ).toBe('NOT_IN_CALL');
      expect(
        await refusal(
          a.client.request('call.signal', {
            callId,
            toSessionId: callerSession.replace(/.$/, (ch) => (ch === '0' ? '1' : '0')),
            signal: { type: 'offer', sdp: 'v=0' },
          }),
        ),
      ).toBe('NOT_IN_CALL');
      expect(
        await refusal(b.client.request('call.media', { callId, audio: false, video: false, screen: false })),
      ).toBe('NOT_IN_CALL');
      expect(await refusal(a.client.request('call.join', { callId: a.id, media: 'voice' }))).toBe(
        'CALL_NOT_FOUND',
      );
      await a.client.request('call.leave', { callId });

      await b.client.api.block(a.id);
      expect(await refusal(a.client.request('call.start', { conversationId: chat, media: 'voice' }))).toBe(
        'CALL_REFUSED',
      );
      expect(await callLines(a.client, chat)).toHaveLength(1);
    });

    it('bad bodies are refused with VALIDATION_FAILED and change nothing', async () => {
      const { a, chat } = await pair();
      const bad: [string, unknown][] = [
        ['call.start', { conversationId: chat, media: 'hologram' }],
        ['call.start', { conversationId: 'nope', media: 'voice' }],
        ['call.join', { callId: chat }],
        [
          'call.signal',
          { callId: chat, toSessionId: chat, signal: { type: 'offer', sdp: 'x'.repeat(48_001) } },
        ],
        ['call.signal', { callId: chat, toSessionId: chat, signal: { type: 'pranswer', sdp: 'x' } }],
        ['call.media', { callId: chat, audio: 'yes', video: true, screen: false }],
      ];
      for (const [op, body] of bad) {
        expect(await refusal(a.client.request(op as 'call.start', body as never)), op).toBe(
          'VALIDATION_FAILED',
        );
      }
      expect((await a.client.request('call.active', {})).calls).toEqual([]);
    });
  });

  describe('groups', () => {
    async function group(size: number): Promise<{ owner: Person; members: Person[]; groupId: string }> {
      const crowd = await people.crowd(size);
      const [owner, ...members] = crowd as [Person, ...Person[]];
      await people.befriend(owner, ...members);
      const created = await owner.client.api.createGroup({
        memberIds: members.map((m) => m.id),
        name: '周末爬山',
      });
      return { owner, members, groupId: created.id };
    }

    it('rings the members, who join while it runs; a removed member is dropped at once', async () => {
      const { owner, members, groupId } = await group(4);
      const [b, c, d] = members as [Person, Person, Person];
      const dSees = recordEvents(d.client);
      const started = await owner.client.request('call.start', { conversationId: groupId, media: 'video' });
      expect(started.call.topology).toBe('sfu');
      expect([...started.call.ringing].sort()).toEqual([b.id, c.id, d.id].sort());
      await b.client.request('call.join', { callId: started.call.id, media: 'video' });
      // A member who was not answering in time joins later, while it runs.
      t.clock.advance(RING_MS);
      await callSeen(dSees, (call) => call.id === started.call.id && call.ringing.length === 0);
      const late = await c.client.request('call.join', { callId: started.call.id, media: 'voice' });
      expect(late.call.participants.map((p) => p.userId)).toEqual([owner.id, b.id, c.id]);
      expect((await d.client.request('call.active', {})).calls.map((call) => call.id)).toEqual([
        started.call.id,
      ]);

      const bSees = recordEvents(b.client);
      await owner.client.api.removeMember(groupId, b.id);
      const without = await callSeen(
        bSees,
        (call) => call.id === started.call.id && !call.participants.some((p) => p.userId === b.id),
      );
      expect(without.endedAt).toBeNull();
      expect(await refusal(b.client.request('call.join', { callId: started.call.id, media: 'voice' }))).toBe(
        'CALL_NOT_FOUND',
      );
      await owner.client.request('call.leave', { callId: started.call.id });
      await c.client.request('call.leave', { callId: started.call.id });
      const [line] = await callLines(d.client, groupId);
      expect(line?.content).toMatchObject({ kind: 'call', call: { topology: 'sfu', outcome: 'ended' } });
    });

    it('holds nine; the tenth is refused', async () => {
      const { owner, members, groupId } = await group(10);
      const started = await owner.client.request('call.start', { conversationId: groupId, media: 'voice' });
      for (const m of members.slice(0, 8))
        await m.client.request('call.join', { callId: started.call.id, media: 'voice' });
      expect(
        await refusal(
          (members[8] as Person).client.request('call.join', { callId: started.call.id, media: 'voice' }),
        ),
      ).toBe('CALL_FULL');
      for (const p of [owner, ...members.slice(0, 8)])
        await p.client.request('call.leave', { callId: started.call.id });
    });
  });

  it('a text message between calls is not disturbed by them', async () => {
    const { a, b, chat } = await pair();
    const call = await a.client.request('call.start', { conversationId: chat, media: 'voice' });
    await sendText(b.client, chat, '我在开会');
    await b.client.request('call.decline', { callId: call.call.id });
    const kinds = (await fullHistory(a.client, chat)).map((m) => m.content.kind);
    expect(kinds.slice(-2)).toEqual(['text', 'call']);
  });
});
