import type { Call, CallJoined, CallMedia, CallSignal, CallTopology } from '@liao/protocol';
import type { SliceCreator } from '../../app/state/types';
import {
  otherParticipant,
  readDeviceChoice,
  ringsHere,
  runningGroupCalls,
  writeDeviceChoice,
} from './callModel';
import { loadCallEngine } from './engine/load';
import {
  type CallEngine,
  type DeviceChoice,
  type DeviceKind,
  type EngineSnapshot,
  SFU_PEER,
} from './engine/types';

/** The call this device takes part in. */
export interface ActiveCall {
  conversationId: string;
  /** Null while 'call.start' is on its way. */
  call: Call | null;
  /** 'sfu' for a group: N participants through the server. */
  topology: CallTopology;
  /** What this device sends: its camera is on in a video call. */
  media: CallMedia;
  /** This device started it (shows "waiting for them to accept" until someone answers). */
  outgoing: boolean;
  /** The engine's streams, link, quality and who talks; null until it loaded. */
  engine: EngineSnapshot | null;
  /** Shown as a small floating window while the person chats on. */
  minimised: boolean;
  /** When this device saw the call answered (Date.now()), for the duration on screen. */
  connectedSince: number | null;
}

export interface CallsSlice {
  // State
  /** Calls ringing on this device, oldest first (none while it is in a call). */
  callIncoming: Call[];
  callActive: ActiveCall | null;
  /** Group calls running in the person's chats (the bar "In a call · 3 · Join"), by conversation. */
  callsRunning: Record<string, Call>;
  callDevices: DeviceChoice;
  /** The last thing that went wrong (an SDK error or a media DOMException), for the screen to say. */
  callError: unknown;
  // Actions
  startCall(conversationId: string, media: CallMedia): Promise<void>;
  answerCall(callId: string, media: CallMedia): Promise<void>;
  declineCall(callId: string): Promise<void>;
  /** Joins a running group call (from its bar): voice by default, the camera can go on later. */
  joinCall(callId: string, media?: CallMedia): Promise<void>;
  hangUp(): Promise<void>;
  setCallAudio(on: boolean): void;
  setCallVideo(on: boolean): void;
  setCallScreen(on: boolean): Promise<void>;
  switchCallCamera(): Promise<void>;
  chooseCallDevice(kind: DeviceKind, deviceId: string): Promise<void>;
  minimiseCall(): void;
  restoreCall(): void;
  clearCallError(): void;
  /** A `call.updated` event. */
  applyCallUpdated(call: Call): void;
  /** A `call.signal` event: negotiation from the other device. */
  applyCallSignal(event: { callId: string; fromSessionId: string; signal: CallSignal }): void;
  /** A `call.sfu` event: negotiation from the server's SFU (a group call). */
  applyCallSfu(event: { callId: string; signal: CallSignal }): void;
  /** The socket (re)opened: calls that ring, and the running call's path found again. */
  resumeCalls(): Promise<void>;
  resetCalls(): void;
}

export const createCallsSlice: SliceCreator<CallsSlice> = (set, get, sdk) => {
  let engine: CallEngine | null = null;
  /** Each call this device begins, and each teardown, moves it on: late answers see they are stale. */
  let generation = 0;

  const meId = () => get().me?.id ?? '';

  function patchActive(patch: Partial<ActiveCall>): void {
    const active = get().callActive;
    if (active) set({ callActive: { ...active, ...patch } });
  }

  /** Ends this device's part: media off, screen gone. The server's word is not awaited. */
  function teardown(): void {
    generation++;
    engine?.close();
    engine = null;
    set({ callActive: null });
  }

  function fail(error: unknown): void {
    teardown();
    set({ callError: error });
  }

  /** The engine for this attempt, or null when the call was hung up while it loaded. */
  async function makeEngine(mine: number, topology: CallTopology): Promise<CallEngine | null> {
    const create = await loadCallEngine();
    if (mine !== generation) return null;
    const made = create({
      topology,
      signal: (toSessionId, signal) => {
        const callId = get().callActive?.call?.id;
        if (!callId) return;
        // Lost signals are repaired by the ICE restart that follows a failed link.
        const sent =
          topology === 'sfu'
            ? sdk.request('call.sfu', { callId, signal })
            : sdk.request('call.signal', { callId, toSessionId, signal });
        sent.catch(() => {});
      },
      onChange: (snapshot) => {
        if (engine === made) patchActive({ engine: snapshot });
      },
      onScreenEnded: () => sendMediaState(),
    });
    engine = made;
    return made;
  }

  function sendMediaState(): void {
    const active = get().callActive;
    const snapshot = engine?.snapshot();
    if (!active?.call || !snapshot) return;
    sdk
      .request('call.media', {
        callId: active.call.id,
        audio: snapshot.audio,
        video: snapshot.video,
        screen: snapshot.screen,
      })
      .catch(() => {});
  }

  /** The call as the server now says it, for the device in it. */
  function takeCall(joined: CallJoined): void {
    const active = get().callActive;
    if (!active || !engine) return;
    const { call } = joined;
    engine.configure(joined, call.startedBy !== meId());
    updateActive(call);
  }

  function updateActive(call: Call): void {
    const active = get().callActive;
    if (!active) return;
    if (call.endedAt !== null) {
      teardown();
      return;
    }
    // A group's engine talks to the SFU alone; a one-to-one's to the other device.
    const other = active.topology === 'p2p' ? otherParticipant(call, meId()) : null;
    if (other) engine?.connectTo(other.sessionId);
    const answered = call.answeredAt !== null;
    set({
      callActive: {
        ...active,
        call,
        connectedSince: active.connectedSince ?? (answered ? Date.now() : null),
      },
    });
  }

  /**
   * Starting and answering alike: the call shows at once, the camera and microphone are taken,
   * then the server is asked (`request`). Hung up meanwhile (a newer generation), a call the
   * server made anyway is left at once.
   */
  async function enterCall(
    shown: Pick<ActiveCall, 'conversationId' | 'call' | 'media' | 'outgoing' | 'topology'>,
    request: () => Promise<CallJoined>,
  ): Promise<void> {
    const mine = ++generation;
    set({
      callActive: { ...shown, engine: null, minimised: false, connectedSince: null },
      callError: null,
    });
    try {
      const made = await makeEngine(mine, shown.topology);
      if (!made) return;
      await made.acquire(shown.media, get().callDevices);
      if (mine !== generation) return;
      const joined = await request();
      if (mine !== generation) {
        await sdk.request('call.leave', { callId: joined.call.id }).catch(() => {});
        return;
      }
      takeCall(joined);
    } catch (error) {
      if (mine === generation) fail(error);
    }
  }

  function setIncoming(call: Call): void {
    const others = get().callIncoming.filter((c) => c.id !== call.id);
    const active = get().callActive;
    // One call at a time: while in one, a second does not ring here (the server says "busy").
    const rings = ringsHere(call, meId()) && !active;
    set({ callIncoming: rings ? [...others, call] : others });
    const running = { ...get().callsRunning };
    if (running[call.conversationId]?.id === call.id) delete running[call.conversationId];
    if (call.topology === 'sfu' && call.endedAt === null) running[call.conversationId] = call;
    set({ callsRunning: running });
  }

  /** Answering a ring and joining from the bar alike. */
  async function join(call: Call, media: CallMedia): Promise<void> {
    if (get().callActive) return;
    set({ callIncoming: get().callIncoming.filter((c) => c.id !== call.id) });
    const shown = {
      conversationId: call.conversationId,
      call,
      media,
      outgoing: false,
      topology: call.topology,
    };
    await enterCall(shown, () => sdk.request('call.join', { callId: call.id, media }));
  }

  return {
    callIncoming: [],
    callActive: null,
    callsRunning: {},
    callDevices: readDeviceChoice(),
    callError: null,

    async startCall(conversationId, media) {
      if (get().callActive) return;
      const kind = get().conversations.find((c) => c.id === conversationId)?.kind;
      const topology: CallTopology = kind === 'group' ? 'sfu' : 'p2p';
      await enterCall({ conversationId, call: null, media, outgoing: true, topology }, () =>
        sdk.request('call.start', { conversationId, media }),
      );
    },

    async answerCall(callId, media) {
      const call = get().callIncoming.find((c) => c.id === callId);
      if (call) await join(call, media);
    },

    async joinCall(callId, media = 'voice') {
      const call = Object.values(get().callsRunning).find((c) => c.id === callId);
      if (call) await join(call, media);
    },

    async declineCall(callId) {
      set({ callIncoming: get().callIncoming.filter((c) => c.id !== callId) });
      await sdk.request('call.decline', { callId }).catch((error: unknown) => set({ callError: error }));
    },

    async hangUp() {
      const call = get().callActive?.call;
      teardown();
      // Still starting: startCall leaves once the server answers.
      if (!call) return;
      await sdk.request('call.leave', { callId: call.id }).catch(() => {});
    },

    setCallAudio(on) {
      engine?.setAudio(on);
      sendMediaState();
    },

    setCallVideo(on) {
      engine?.setVideo(on);
      sendMediaState();
    },

    async setCallScreen(on) {
      if (!engine) return;
      try {
        await engine.shareScreen(on);
        sendMediaState();
      } catch (error) {
        set({ callError: error });
      }
    },

    async switchCallCamera() {
      try {
        await engine?.switchCamera();
      } catch (error) {
        set({ callError: error });
      }
    },

    async chooseCallDevice(kind, deviceId) {
      const callDevices = { ...get().callDevices, [kind]: deviceId };
      set({ callDevices });
      writeDeviceChoice(callDevices);
      // The speaker is the screen's <audio> element's (setSinkId); the others are the engine's.
      if (kind === 'speaker' || !engine) return;
      try {
        await engine.changeDevice(kind, deviceId);
      } catch (error) {
        set({ callError: error });
      }
    },

    minimiseCall() {
      patchActive({ minimised: true });
    },

    restoreCall() {
      patchActive({ minimised: false });
    },

    clearCallError() {
      set({ callError: null });
    },

    applyCallUpdated(call) {
      const active = get().callActive;
      if (active?.call?.id === call.id) updateActive(call);
      setIncoming(call);
    },

    applyCallSignal(event) {
      if (get().callActive?.call?.id !== event.callId) return;
      engine?.receive(event.fromSessionId, event.signal);
    },

    applyCallSfu(event) {
      if (get().callActive?.call?.id !== event.callId) return;
      engine?.receive(SFU_PEER, event.signal);
    },

    async resumeCalls() {
      const call = get().callActive?.call;
      if (call && engine) {
        const current = engine;
        try {
          const joined = await sdk.request('call.resume', { callId: call.id });
          if (engine !== current) return;
          updateActive(joined.call);
          // The socket dropped, so the network may have changed: find a new path.
          engine?.restartIce();
        } catch {
          // The call ended while this device was away (or it was never let back in).
          if (engine === current) teardown();
        }
      }
      try {
        const { calls } = await sdk.request('call.active', {});
        set({ callsRunning: runningGroupCalls(calls) });
        for (const running of calls) setIncoming(running);
        const ids = new Set(calls.map((c) => c.id));
        // A ring that ended while the socket was down stops.
        set({ callIncoming: get().callIncoming.filter((c) => ids.has(c.id)) });
      } catch {
        // The next reconnection asks again.
      }
    },

    resetCalls() {
      teardown();
      set({ callIncoming: [], callsRunning: {}, callError: null });
    },
  };
};
