import type { CallMedia, CallSignal } from '@liao/protocol';
import {
  browserMedia,
  cameraConstraints,
  microphoneConstraints,
  openLocalMedia,
  outgoingVideo,
} from './media';
import { Negotiator } from './negotiation';
import { classifyQuality, type PacketCounts, readStats, type StatsEntry } from './quality';
import { FeedRoster, type FeedStats, type RemoteFeed, readFeedStats } from './sfuFeeds';
import type {
  CallEngine,
  CreateCallEngine,
  DeviceChoice,
  EngineDeps,
  EngineSnapshot,
  IceConfig,
  LinkState,
} from './types';
import { SFU_PEER } from './types';

/** Often enough for the talking ring to follow speech, rarely enough to cost nothing. */
const STATS_EVERY_MS = 1000;
/** A "disconnected" link often heals by itself (a Wi-Fi blip); after this, look for a new path. */
const DISCONNECTED_GRACE_MS = 3000;
/** The callee waits this long for the caller's offer before it offers itself. */
const OFFER_WAIT_MS = 4000;

export const createCallEngine: CreateCallEngine = (deps) => new PeerCallEngine(deps);

/**
 * A call's media over one RTCPeerConnection: to the other device (one-to-one, p2p), or to the
 * server's SFU (a group, deps.topology 'sfu'). Toward the SFU this device is polite, offers
 * first and restarts ICE itself; each remote stream is a participant (FeedRoster). The engine
 * keeps the tracks; the call screen gets snapshots (streams, link, quality, who talks) through
 * deps.onChange.
 */
class PeerCallEngine implements CallEngine {
  private readonly media;
  private local: MediaStream | null = null;
  private remote: MediaStream | null = null;
  private screenTrack: MediaStreamTrack | null = null;
  private pc: RTCPeerConnection | null = null;
  private negotiator: Negotiator | null = null;
  private videoSender: RTCRtpSender | null = null;
  private audioSender: RTCRtpSender | null = null;
  private ice: IceConfig | null = null;
  private polite = false;
  private peerSession: string | null = null;
  /** Signals that came before the ICE servers did (the answer to 'call.join' may come late). */
  private pending: CallSignal[] = [];
  /** Negotiation steps one at a time, in the order they came. */
  private chain: Promise<void> = Promise.resolve();
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private offerTimer: ReturnType<typeof setTimeout> | null = null;
  private counts: PacketCounts | null = null;
  private readonly sfu: boolean;
  private readonly roster = new FeedRoster();
  private feedStats: FeedStats = { speaking: new Map(), quality: new Map(), counts: new Map() };
  private closed = false;
  private state: Omit<EngineSnapshot, 'local' | 'remote' | 'feeds'> = {
    link: 'waiting',
    quality: 'unknown',
    speaking: { local: false, remote: false },
    audio: true,
    video: false,
    screen: false,
    facing: 'user',
  };

  constructor(private readonly deps: EngineDeps) {
    this.media = deps.media ?? browserMedia();
    this.sfu = deps.topology === 'sfu';
  }

  async acquire(media: CallMedia, devices: DeviceChoice): Promise<void> {
    const stream = await openLocalMedia(this.media, media, devices);
    if (this.closed) {
      for (const track of stream.getTracks()) track.stop();
      return;
    }
    this.local = stream;
    this.state.video = media === 'video';
    this.emit();
  }

  configure(ice: IceConfig, polite: boolean): void {
    this.ice = ice;
    this.polite = this.sfu || polite;
    // The SFU waits for this device's offer: open at once.
    if (this.sfu) this.peerSession = SFU_PEER;
    if (this.peerSession) this.openWhenDue();
  }

  connectTo(sessionId: string): void {
    if (this.closed || this.sfu || this.peerSession === sessionId) return;
    this.peerSession = sessionId;
    if (this.ice) this.openWhenDue();
  }

  /**
   * The caller offers first; the callee opens its side when that offer comes. Both offering at
   * once is handled (perfect negotiation), but Chromium gathers no candidates for the answer of
   * a side whose own first offer was rolled back, and the call never connects. The callee still
   * offers if no offer came in time (a lost signal).
   */
  private openWhenDue(): void {
    if (this.pc) return;
    if (this.pending.length > 0 || !this.polite || this.sfu) {
      this.ensurePeer();
      return;
    }
    this.offerTimer ??= setTimeout(() => this.ensurePeer(), OFFER_WAIT_MS);
  }

  receive(fromSessionId: string, signal: CallSignal): void {
    if (this.closed) return;
    this.peerSession ??= fromSessionId;
    // One other device in a one-to-one call: another's signals are stale (a device since gone).
    if (fromSessionId !== this.peerSession) return;
    if (!this.ice) {
      this.pending.push(signal);
      return;
    }
    this.ensurePeer();
    this.enqueue(signal);
  }

  private enqueue(signal: CallSignal): void {
    const negotiator = this.negotiator;
    if (!negotiator) return;
    this.chain = this.chain.then(() => negotiator.receive(signal));
  }

  private ensurePeer(): void {
    if (this.pc || this.closed || !this.ice || !this.peerSession) return;
    if (this.offerTimer) clearTimeout(this.offerTimer);
    const to = this.peerSession;
    const config: RTCConfiguration = {
      iceServers: this.ice.iceServers,
      iceTransportPolicy: this.ice.iceTransportPolicy,
    };
    const pc = this.deps.createPeer?.(config) ?? new RTCPeerConnection(config);
    this.pc = pc;
    this.negotiator = new Negotiator(pc, this.polite, (signal) => this.deps.signal(to, signal));
    pc.ontrack = (event) => {
      const [stream] = event.streams;
      if (this.sfu) {
        this.addFeedTrack(stream, event.track);
        return;
      }
      if (stream) {
        this.remote = stream;
      } else {
        this.remote ??= new MediaStream();
        this.remote.addTrack(event.track);
      }
      this.emit();
    };
    pc.onconnectionstatechange = () => this.onConnectionState(pc.connectionState);
    if (this.local) {
      for (const track of this.local.getTracks()) {
        const sent = track.kind === 'video' ? outgoingVideo(track) : track;
        const sender = pc.addTrack(sent, this.local);
        if (track.kind === 'video') this.videoSender = sender;
        else this.audioSender = sender;
      }
    } else {
      // No microphone (refused or missing): still hear the other side.
      pc.addTransceiver('audio', { direction: 'recvonly' });
    }
    this.setLink('connecting');
    const early = this.pending;
    this.pending = [];
    for (const signal of early) this.enqueue(signal);
  }

  private onConnectionState(state: RTCPeerConnectionState): void {
    if (this.closed) return;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    switch (state) {
      case 'connected':
        this.setLink('connected');
        this.startStats();
        break;
      // One side restarts, so that the two restarts do not cross (see openWhenDue).
      case 'disconnected':
        this.setLink('reconnecting');
        if (!this.polite || this.sfu)
          this.restartTimer = setTimeout(() => this.restartIce(), DISCONNECTED_GRACE_MS);
        break;
      case 'failed':
        this.setLink('reconnecting');
        if (!this.polite || this.sfu) this.restartIce();
        break;
      default:
        break;
    }
  }

  private setLink(link: LinkState): void {
    if (this.state.link === link) return;
    this.state.link = link;
    this.emit();
  }

  private startStats(): void {
    if (this.statsTimer) return;
    this.statsTimer = setInterval(() => void this.sampleStats(), STATS_EVERY_MS);
  }

  private async sampleStats(): Promise<void> {
    const pc = this.pc;
    if (!pc || this.closed) return;
    const report = await pc.getStats();
    // Read twice in a group call (the link, then each participant): a list, not an iterator.
    const entries = [...report.values()] as StatsEntry[];
    const reading = readStats(entries, this.counts);
    this.counts = reading.counts;
    if (this.sfu) {
      const sessionOf = (id: string) => this.roster.sessionOf(id);
      this.feedStats = readFeedStats(entries, sessionOf, this.feedStats.counts, reading.sample.rttMs);
      this.state.quality = classifyQuality(reading.sample, this.state.video);
      this.state.speaking = { local: reading.speaking.local && this.state.audio, remote: false };
      this.emit();
      return;
    }
    const quality = classifyQuality(reading.sample, this.state.video);
    const speaking = { local: reading.speaking.local && this.state.audio, remote: reading.speaking.remote };
    const was = this.state;
    if (
      was.quality === quality &&
      was.speaking.local === speaking.local &&
      was.speaking.remote === speaking.remote
    ) {
      return;
    }
    this.state.quality = quality;
    this.state.speaking = speaking;
    this.emit();
  }

  setAudio(on: boolean): void {
    for (const track of this.local?.getAudioTracks() ?? []) track.enabled = on;
    this.state.audio = on;
    this.emit();
  }

  setVideo(on: boolean): void {
    for (const track of this.local?.getVideoTracks() ?? []) track.enabled = on;
    this.state.video = on;
    if (on && this.sfu && this.local && this.local.getVideoTracks().length === 0) void this.addCamera();
    this.emit();
  }

  /** A group call joined with voice turns the camera on: a new track, offered to the SFU. */
  private async addCamera(): Promise<void> {
    const stream = await this.media.getUserMedia({ video: cameraConstraints(null, this.state.facing) });
    const track = stream.getVideoTracks()[0];
    if (!track || !this.local || this.closed) {
      track?.stop();
      return;
    }
    this.local.addTrack(track);
    this.local = new MediaStream(this.local.getTracks());
    // A transceiver of its own: addTrack would reuse one the SFU's offer made to receive another
    // person's video, and the server does not take media on its sending m-lines.
    const init: RTCRtpTransceiverInit = { direction: 'sendonly', streams: [this.local] };
    if (this.pc) this.videoSender = this.pc.addTransceiver(outgoingVideo(track), init).sender;
    this.emit();
  }

  async switchCamera(): Promise<void> {
    const facing = this.state.facing === 'user' ? 'environment' : 'user';
    // Phones open one camera at a time: let go of the old one first.
    for (const track of this.local?.getVideoTracks() ?? []) track.stop();
    const stream = await this.media.getUserMedia({ video: cameraConstraints(null, facing) });
    this.state.facing = facing;
    await this.putCamera(stream.getVideoTracks()[0]);
  }

  async changeDevice(kind: 'camera' | 'microphone', deviceId: string): Promise<void> {
    if (kind === 'microphone') {
      const stream = await this.media.getUserMedia({ audio: microphoneConstraints(deviceId) });
      const track = stream.getAudioTracks()[0];
      if (!track || !this.local) return;
      for (const old of this.local.getAudioTracks()) {
        old.stop();
        this.local.removeTrack(old);
      }
      track.enabled = this.state.audio;
      this.local.addTrack(track);
      await this.audioSender?.replaceTrack(track);
      this.emit();
      return;
    }
    for (const track of this.local?.getVideoTracks() ?? []) track.stop();
    const stream = await this.media.getUserMedia({ video: cameraConstraints(deviceId, this.state.facing) });
    await this.putCamera(stream.getVideoTracks()[0]);
  }

  /** A new camera track in the preview and, unless the screen is shared, on the wire. */
  private async putCamera(track: MediaStreamTrack | undefined): Promise<void> {
    if (!track || !this.local) return;
    for (const old of this.local.getVideoTracks()) this.local.removeTrack(old);
    track.enabled = this.state.video;
    this.local.addTrack(track);
    // A new stream object, so that the preview's <video> picks the track up.
    this.local = new MediaStream(this.local.getTracks());
    if (!this.screenTrack) await this.videoSender?.replaceTrack(outgoingVideo(track));
    this.emit();
  }

  async shareScreen(on: boolean): Promise<boolean> {
    if (!this.videoSender) return false;
    if (!on) {
      this.screenTrack?.stop();
      this.screenTrack = null;
      const camera = this.local?.getVideoTracks()[0] ?? null;
      await this.videoSender.replaceTrack(camera ? outgoingVideo(camera) : null);
      this.state.screen = false;
      this.emit();
      return false;
    }
    let display: MediaStream;
    try {
      display = await this.media.getDisplayMedia({ video: true, audio: false });
    } catch {
      // The person closed the browser's picker: nothing to share, nothing to say.
      return false;
    }
    const track = display.getVideoTracks()[0];
    if (!track) return false;
    track.onended = () => {
      if (this.screenTrack !== track) return;
      void this.shareScreen(false).then(() => this.deps.onScreenEnded());
    };
    this.screenTrack = track;
    await this.videoSender.replaceTrack(track);
    this.state.screen = true;
    this.emit();
    return true;
  }

  restartIce(): void {
    if (this.closed) return;
    this.pc?.restartIce();
  }

  /** A track from the SFU, filed under its sender; gone again when a renegotiation drops it. */
  private addFeedTrack(stream: MediaStream | undefined, track: MediaStreamTrack): void {
    if (!stream) return;
    this.roster.add(stream.id, track);
    const drop = () => {
      this.roster.remove(track);
      this.emit();
    };
    stream.addEventListener('removetrack', (event) => {
      if (event.track === track) drop();
    });
    track.addEventListener('ended', drop);
    this.emit();
  }

  private feeds(): RemoteFeed[] {
    return this.roster.sessions().map((sessionId) => ({
      sessionId,
      // A new stream object per snapshot would restart every <video>: one per participant.
      stream: this.feedStream(sessionId),
      speaking: this.feedStats.speaking.get(sessionId) ?? false,
      quality: this.feedStats.quality.get(sessionId) ?? 'unknown',
    }));
  }

  private readonly feedStreams = new Map<string, MediaStream>();

  private feedStream(sessionId: string): MediaStream {
    const tracks = this.roster.tracks(sessionId);
    const known = this.feedStreams.get(sessionId);
    const same =
      known?.getTracks().length === tracks.length && tracks.every((t) => known.getTrackById(t.id) !== null);
    if (known && same) return known;
    const stream = new MediaStream(tracks);
    this.feedStreams.set(sessionId, stream);
    return stream;
  }

  snapshot(): EngineSnapshot {
    return {
      ...this.state,
      speaking: { ...this.state.speaking },
      local: this.local,
      remote: this.remote,
      feeds: this.sfu ? this.feeds() : [],
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.statsTimer) clearInterval(this.statsTimer);
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.offerTimer) clearTimeout(this.offerTimer);
    for (const track of this.local?.getTracks() ?? []) track.stop();
    this.screenTrack?.stop();
    this.pc?.close();
    this.state.link = 'closed';
    this.emit();
  }

  private emit(): void {
    this.deps.onChange(this.snapshot());
  }
}
