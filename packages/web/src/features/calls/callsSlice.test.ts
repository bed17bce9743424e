import type { Call, CallJoined, CallSignal } from '@liao/protocol';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAppStore } from '../../app/state/createAppStore';
import { makeConversation, makeMe } from '../../app/state/testBuilders';
import type { Sdk } from '../../app/state/types';
import { CALL_DEVICES_KEY, readDeviceChoice } from './callModel';
import { replaceCallEngineForTests } from './engine/load';
import type { CallEngine, EngineDeps, EngineSnapshot } from './engine/types';

const ME = makeMe({ id: '01890000-0000-7000-8000-00000000000a' });
const THEM = '01890000-0000-7000-8000-00000000000b';
const MY_SESSION = '01890000-0000-7000-8000-0000000000a1';
const MY_OTHER_SESSION = '01890000-0000-7000-8000-0000000000a2';
const THEIR_SESSION = '01890000-0000-7000-8000-0000000000b1';
const CHAT = '01890000-0000-7000-8000-0000000000c1';
const CALL = '01890000-0000-7000-8000-0000000000d1';

function makeCall(fields: Partial<Call> = {}): Call {
  return {
    id: CALL,
    conversationId: CHAT,
    media: 'video',
    topology: 'p2p',
    startedBy: THEM,
    startedAt: 1,
    answeredAt: null,
    endedAt: null,
    endReason: null,
    participants: [participant(THEM, THEIR_SESSION)],
    ringing: [ME.id],
    ...fields,
  };
}

function participant(userId: string, sessionId: string) {
  return { userId, sessionId, joinedAt: 1, audio: true, video: true, screen: false, connected: true };
}

/** An engine that records what the slice asks of it. */
class FakeEngine implements CallEngine {
  log: string[] = [];
  constructor(readonly deps: EngineDeps) {}
  async acquire() {
    this.log.push('acquire');
  }
  configure(_ice: unknown, polite: boolean) {
    this.log.push(`configure polite=${polite}`);
  }
  connectTo(sessionId: string) {
    this.log.push(`connect ${sessionId}`);
  }
  receive(from: string, signal: CallSignal) {
    this.log.push(`receive ${from} ${signal.type}`);
  }
  setAudio(on: boolean) {
    this.log.push(`audio ${on}`);
  }
  setVideo(on: boolean) {
    this.log.push(`video ${on}`);
  }
  async switchCamera() {}
  async shareScreen() {
    return false;
  }
  async changeDevice(kind: string, id: string) {
    this.log.push(`device ${kind} ${id}`);
  }
  restartIce() {
    this.log.push('restartIce');
  }
  snapshot(): EngineSnapshot {
    return {
      local: null,
      remote: null,
      feeds: [],
      link: 'waiting',
      quality: 'unknown',
      speaking: { local: false, remote: false },
      audio: !this.log.includes('audio false'),
      video: true,
      screen: false,
      facing: 'user',
    };
  }
  close() {
    this.log.push('close');
  }
}

/** A localStorage for node: the device choice is kept there. */
class MemoryStorage {
  items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

function setup() {
  const requests: { op: string; body: unknown }[] = [];
  const engines: FakeEngine[] = [];
  replaceCallEngineForTests((deps) => {
    const engine = new FakeEngine(deps);
    engines.push(engine);
    return engine;
  });
  const joined = (call: Call): CallJoined => ({ call, iceServers: [], iceTransportPolicy: 'all' });
  const answers: Record<string, (body: Record<string, unknown>) => unknown> = {
    'call.start': () =>
      joined(makeCall({ startedBy: ME.id, participants: [participant(ME.id, MY_SESSION)], ringing: [THEM] })),
    'call.join': () =>
      joined(
        makeCall({
          answeredAt: 2,
          ringing: [],
          participants: [participant(THEM, THEIR_SESSION), participant(ME.id, MY_SESSION)],
        }),
      ),
    'call.active': () => ({ calls: [] }),
  };
  const sdk = {
    sessionId: MY_SESSION,
    async request(op: string, body: Record<string, unknown>) {
      requests.push({ op, body });
      return answers[op]?.(body) ?? {};
    },
  } as unknown as Sdk;
  const store = createAppStore(sdk);
  store.setState({ status: 'signedIn', me: ME });
  return { store, requests, engines, answers };
}

const ops = (requests: { op: string }[]) => requests.map((r) => r.op);

describe('the calls slice', () => {
  let storage: MemoryStorage;
  beforeEach(() => {
    storage = new MemoryStorage();
    (globalThis as { localStorage?: unknown }).localStorage = storage;
  });

  it('rings for a call that rings the person, and stops when another device of theirs answers', () => {
    const { store } = setup();
    store.getState().applyCallUpdated(makeCall());
    expect(store.getState().callIncoming.map((c) => c.id)).toEqual([CALL]);

    // Answered on the person's other device: they appear among the participants.
    store.getState().applyCallUpdated(
      makeCall({
        answeredAt: 2,
        ringing: [],
        participants: [participant(THEM, THEIR_SESSION), participant(ME.id, MY_OTHER_SESSION)],
      }),
    );
    expect(store.getState().callIncoming).toEqual([]);
    expect(store.getState().callActive).toBeNull();
  });

  it('stops ringing when the caller gives up', () => {
    const { store } = setup();
    store.getState().applyCallUpdated(makeCall());
    store.getState().applyCallUpdated(makeCall({ endedAt: 5, endReason: 'cancelled', ringing: [] }));
    expect(store.getState().callIncoming).toEqual([]);
  });

  it('answers as the polite side, links to the caller, and hangs up when the call ends', async () => {
    const { store, requests, engines } = setup();
    store.getState().applyCallUpdated(makeCall());
    await store.getState().answerCall(CALL, 'video');
    expect(ops(requests)).toEqual(['call.join']);
    expect(engines[0]?.log).toEqual(['acquire', 'configure polite=true', `connect ${THEIR_SESSION}`]);
    const active = store.getState().callActive;
    expect(active?.outgoing).toBe(false);
    expect(active?.connectedSince).not.toBeNull();
    expect(store.getState().callIncoming).toEqual([]);

    store.getState().applyCallSignal({
      callId: CALL,
      fromSessionId: THEIR_SESSION,
      signal: { type: 'offer', sdp: 'v=0' },
    });
    expect(engines[0]?.log).toContain(`receive ${THEIR_SESSION} offer`);

    store
      .getState()
      .applyCallUpdated(makeCall({ answeredAt: 2, endedAt: 9, endReason: 'ended', ringing: [] }));
    expect(store.getState().callActive).toBeNull();
    expect(engines[0]?.log.at(-1)).toBe('close');
  });

  it('does not show a second incoming call while in one', async () => {
    const { store } = setup();
    await store.getState().startCall(CHAT, 'voice');
    store.getState().applyCallUpdated(makeCall({ id: '01890000-0000-7000-8000-0000000000d2' }));
    expect(store.getState().callIncoming).toEqual([]);
  });

  it('calls out as the impolite side and connects once the other side answers', async () => {
    const { store, requests, engines } = setup();
    await store.getState().startCall(CHAT, 'video');
    expect(ops(requests)).toEqual(['call.start']);
    expect(store.getState().callActive?.outgoing).toBe(true);
    expect(store.getState().callActive?.connectedSince).toBeNull();
    expect(engines[0]?.log).toEqual(['acquire', 'configure polite=false']);

    store.getState().applyCallUpdated(
      makeCall({
        startedBy: ME.id,
        answeredAt: 3,
        ringing: [],
        participants: [participant(ME.id, MY_SESSION), participant(THEM, THEIR_SESSION)],
      }),
    );
    expect(engines[0]?.log.at(-1)).toBe(`connect ${THEIR_SESSION}`);
    expect(store.getState().callActive?.connectedSince).not.toBeNull();

    await store.getState().hangUp();
    expect(ops(requests)).toEqual(['call.start', 'call.leave']);
    expect(store.getState().callActive).toBeNull();
  });

  it('says mute to the others, and keeps the call while it is minimised and restored', async () => {
    const { store, requests } = setup();
    await store.getState().startCall(CHAT, 'video');
    store.getState().setCallAudio(false);
    expect(requests.at(-1)).toEqual({
      op: 'call.media',
      body: { callId: CALL, audio: false, video: true, screen: false },
    });
    store.getState().minimiseCall();
    expect(store.getState().callActive?.minimised).toBe(true);
    store.getState().restoreCall();
    expect(store.getState().callActive?.minimised).toBe(false);
    expect(store.getState().callActive?.call?.id).toBe(CALL);
  });

  it('declines: the ring stops here and the server hears it', async () => {
    const { store, requests } = setup();
    store.getState().applyCallUpdated(makeCall());
    await store.getState().declineCall(CALL);
    expect(store.getState().callIncoming).toEqual([]);
    expect(requests).toEqual([{ op: 'call.decline', body: { callId: CALL } }]);
  });

  it('remembers the chosen devices on this device, and hands the microphone to the engine', async () => {
    const { store, engines } = setup();
    await store.getState().startCall(CHAT, 'voice');
    await store.getState().chooseCallDevice('microphone', 'mic-2');
    await store.getState().chooseCallDevice('speaker', 'out-3');
    expect(engines[0]?.log).toContain('device microphone mic-2');
    expect(engines[0]?.log).not.toContain('device speaker out-3');
    expect(JSON.parse(storage.getItem(CALL_DEVICES_KEY) ?? '{}')).toEqual({
      camera: null,
      microphone: 'mic-2',
      speaker: 'out-3',
    });
    expect(readDeviceChoice(storage)).toEqual({ camera: null, microphone: 'mic-2', speaker: 'out-3' });
    // A new page reads them back.
    expect(setup().store.getState().callDevices.microphone).toBe('mic-2');
  });

  it('after a reconnect resumes the call and restarts ICE; a ring that ended meanwhile stops', async () => {
    const { store, requests, engines, answers } = setup();
    store.getState().applyCallUpdated(makeCall({ id: '01890000-0000-7000-8000-0000000000d9' }));
    await store.getState().startCall(CHAT, 'video');
    answers['call.resume'] = () => ({
      call: makeCall({ startedBy: ME.id, participants: [participant(ME.id, MY_SESSION)], ringing: [THEM] }),
      iceServers: [],
      iceTransportPolicy: 'all',
    });
    store.setState({ callIncoming: [makeCall({ id: '01890000-0000-7000-8000-0000000000d9' })] });
    await store.getState().resumeCalls();
    expect(ops(requests)).toEqual(['call.start', 'call.resume', 'call.active']);
    expect(engines[0]?.log.at(-1)).toBe('restartIce');
    expect(store.getState().callIncoming).toEqual([]);
  });

  it('a refused start says why and leaves no call behind', async () => {
    const { store, answers, engines } = setup();
    const refusal = new Error('CALL_REFUSED');
    answers['call.start'] = () => {
      throw refusal;
    };
    await store.getState().startCall(CHAT, 'video');
    expect(store.getState().callActive).toBeNull();
    expect(store.getState().callError).toBe(refusal);
    expect(engines[0]?.log.at(-1)).toBe('close');
  });
});

describe('the calls slice in a group call', () => {
  const OTHER = '01890000-0000-7000-8000-00000000000c';
  const OTHER_SESSION = '01890000-0000-7000-8000-0000000000c2';
  const group = (fields: Partial<Call> = {}) =>
    makeCall({
      topology: 'sfu',
      answeredAt: 2,
      participants: [participant(THEM, THEIR_SESSION), participant(OTHER, OTHER_SESSION)],
      ringing: [ME.id],
      ...fields,
    });

  beforeEach(() => {
    (globalThis as { localStorage?: unknown }).localStorage = new MemoryStorage();
  });

  it('rings every member and shows the running call for the bar; the end takes both away', () => {
    const { store } = setup();
    store.getState().applyCallUpdated(group());
    expect(store.getState().callIncoming.map((c) => c.id)).toEqual([CALL]);
    expect(store.getState().callsRunning[CHAT]?.participants).toHaveLength(2);
    store.getState().applyCallUpdated(group({ endedAt: 9, endReason: 'ended' }));
    expect(store.getState().callIncoming).toEqual([]);
    expect(store.getState().callsRunning).toEqual({});
  });

  it('answers through the SFU: polite, no device to connect to, negotiation by call.sfu', async () => {
    const { store, engines, requests, answers } = setup();
    answers['call.join'] = () => ({
      call: group({ ringing: [], participants: [...group().participants, participant(ME.id, MY_SESSION)] }),
      iceServers: [],
      iceTransportPolicy: 'all',
    });
    store.getState().applyCallUpdated(group());
    await store.getState().answerCall(CALL, 'video');
    const engine = engines[0];
    expect(engine?.deps.topology).toBe('sfu');
    expect(engine?.log).toEqual(['acquire', 'configure polite=true']);
    expect(store.getState().callActive?.topology).toBe('sfu');

    engine?.deps.signal('sfu', { type: 'offer', sdp: 'v=0' });
    expect(requests.at(-1)).toEqual({
      op: 'call.sfu',
      body: { callId: CALL, signal: { type: 'offer', sdp: 'v=0' } },
    });
    store.getState().applyCallSfu({ callId: CALL, signal: { type: 'answer', sdp: 'v=0' } });
    store.getState().applyCallSfu({ callId: 'another', signal: { type: 'answer', sdp: 'v=0' } });
    expect(engine?.log.filter((l) => l.startsWith('receive'))).toEqual(['receive sfu answer']);
  });

  it('joins a running call from the bar after the ring timed out, by voice', async () => {
    const { store, requests } = setup();
    // The ring is over (nobody rings any more), the call runs on.
    store.getState().applyCallUpdated(group({ ringing: [] }));
    expect(store.getState().callIncoming).toEqual([]);
    await store.getState().joinCall(CALL);
    expect(requests.find((r) => r.op === 'call.join')?.body).toEqual({ callId: CALL, media: 'voice' });
    expect(store.getState().callActive?.media).toBe('voice');
  });

  it('finds the running calls again after a reload (call.active)', async () => {
    const { store, answers } = setup();
    answers['call.active'] = () => ({
      calls: [group({ ringing: [] }), makeCall({ id: 'p2p-call', ringing: [] })],
    });
    await store.getState().resumeCalls();
    expect(Object.keys(store.getState().callsRunning)).toEqual([CHAT]);
  });

  it('starts a group call through the SFU from a group chat', async () => {
    const { store, engines } = setup();
    store.setState({ conversations: [makeConversation({ id: CHAT, kind: 'group' })] });
    await store.getState().startCall(CHAT, 'video');
    expect(engines[0]?.deps.topology).toBe('sfu');
    expect(store.getState().callActive?.topology).toBe('sfu');
  });
});
