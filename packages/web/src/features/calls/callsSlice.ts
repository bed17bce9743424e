import type { Call, CallJoined, CallMedia, CallSignal } from '@liao/protocol';
import type { SliceCreator } from '../../app/state/types';
import { otherParticipant, readDeviceChoice, ringsHere, writeDeviceChoice } from './callModel';
import { loadCallEngine } from './engine/load';
import type { CallEngine, DeviceChoice, DeviceKind, EngineSnapshot } from './engine/types';

/** The call this device takes part in. */
export interface ActiveCall {
  conversationId: string;
  /** Null while 'call.start' is on its way. */
  call: Call | null;
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
  callDevices: DeviceChoice;
  /** The last thing that went wrong (an SDK error or a media DOMException), for the screen to say. */
  callError: unknown;
  // Actions
  startCall(conversationId: string, media: CallMedia): Promise<void>;
  answerCall(callId: string, media: CallMedia): Promise<void>;
  declineCall(callId: string): Promise<void>;
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
  async function makeEngine(mine: number): Promise<CallEngine | null> {
    const create = await loadCallEngine();
    if (mine !== generation) return null;
    const made = create({
      signal: (toSessionId, signal) => {
        const callId = get().callActive?.call?.id;
        // Lost signals are repaired by the ICE restart that follows a failed link.
        if (callId) sdk.request('call.signal', { callId, toSessionId, signal }).catch(() => {});
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
    const other = otherParticipant(call, meId());
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
    shown: Pick<ActiveCall, 'conversationId' | 'call' | 'media' | 'outgoing'>,
    request: () => Promise<CallJoined>,
  ): Promise<void> {
    const mine = ++generation;
    set({
      callActive: { ...shown, engine: null, minimised: false, connectedSince: null },
      callError: null,
    });
    try {
      const made = await makeEngine(mine);
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
  }

  return {
    callIncoming: [],
    callActive: null,
    callDevices: readDeviceChoice(),
    callError: null,

    async startCall(conversationId, media) {
      if (get().callActive) return;
      await enterCall({ conversationId, call: null, media, outgoing: true }, () =>
        sdk.request('call.start', { conversationId, media }),
      );
    },

    async answerCall(callId, media) {
      const call = get().callIncoming.find((c) => c.id === callId);
      if (!call || get().callActive) return;
      set({ callIncoming: get().callIncoming.filter((c) => c.id !== callId) });
      await enterCall({ conversationId: call.conversationId, call, media, outgoing: false }, () =>
        sdk.request('call.join', { callId, media }),
      );
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
      set({ callIncoming: [], callError: null });
    },
  };
};
