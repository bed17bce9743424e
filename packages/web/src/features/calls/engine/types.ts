import type { CallMedia, CallSignal, CallTopology, IceServer } from '@liao/protocol';
import type { Quality } from './quality';
import type { RemoteFeed } from './sfuFeeds';

/**
 * A group call's one peer: the server's SFU (its signals go by 'call.sfu', not to a session).
 * Here, not in the engine, so that the slice names it without loading WebRTC code.
 */
export const SFU_PEER = 'sfu';

/** The devices this browser uses in calls (ids from enumerateDevices); null: the system's default. */
export interface DeviceChoice {
  camera: string | null;
  microphone: string | null;
  speaker: string | null;
}

export type DeviceKind = keyof DeviceChoice;

/** Where the link to the other device stands, in the words the call screen shows. */
export type LinkState = 'waiting' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** What the call screen shows of the engine: streams, link, quality and who talks. */
export interface EngineSnapshot {
  local: MediaStream | null;
  /** One-to-one: the other device's stream. */
  remote: MediaStream | null;
  /** A group call: one feed per other participant with media (empty one-to-one). */
  feeds: RemoteFeed[];
  link: LinkState;
  quality: Quality;
  speaking: { local: boolean; remote: boolean };
  audio: boolean;
  video: boolean;
  screen: boolean;
  /** The phone's camera in use (switch camera flips it). */
  facing: 'user' | 'environment';
}

/** How to reach the other device, from CallJoined. */
export interface IceConfig {
  iceServers: IceServer[];
  iceTransportPolicy: 'all' | 'relay';
}

/** The browser's media, injected so that tests run without one. */
export interface MediaAccess {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  getDisplayMedia(constraints: DisplayMediaStreamOptions): Promise<MediaStream>;
}

export interface EngineDeps {
  /** 'sfu': one peer connection to the server's SFU (a group call); 'p2p' by default. */
  topology?: CallTopology;
  /** Sends negotiation to the other device ('call.signal'), or to the SFU ('call.sfu', SFU_PEER). */
  signal(toSessionId: string, signal: CallSignal): void;
  /** Something the screen shows changed. */
  onChange(snapshot: EngineSnapshot): void;
  /** The screen share was stopped from the browser's own bar: the others must hear of it. */
  onScreenEnded(): void;
  media?: MediaAccess;
  createPeer?: (config: RTCConfiguration) => RTCPeerConnection;
}

/** One call's media on this device: one peer connection (one-to-one, p2p). */
export interface CallEngine {
  /** Opens the microphone (and the camera for a video call) with the chosen devices. */
  acquire(media: CallMedia, devices: DeviceChoice): Promise<void>;
  /** The ICE servers the server gave, and whether this side yields when both offer at once. */
  configure(ice: IceConfig, polite: boolean): void;
  /** Starts (or keeps) the link to the other participant's device. */
  connectTo(sessionId: string): void;
  /** Negotiation from the other device. */
  receive(fromSessionId: string, signal: CallSignal): void;
  setAudio(on: boolean): void;
  setVideo(on: boolean): void;
  switchCamera(): Promise<void>;
  /** Resolves whether the screen is now shared (the person may cancel the browser's picker). */
  shareScreen(on: boolean): Promise<boolean>;
  changeDevice(kind: 'camera' | 'microphone', deviceId: string): Promise<void>;
  /** A network change or a reconnected socket: find a new path without hanging up. */
  restartIce(): void;
  snapshot(): EngineSnapshot;
  close(): void;
}

export type CreateCallEngine = (deps: EngineDeps) => CallEngine;
