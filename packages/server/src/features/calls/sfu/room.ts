import type { CallSignal } from '@liao/protocol';
import type { Logger } from 'pino';
import {
  MediaStream,
  MediaStreamTrack,
  type RTCPeerConnection,
  type RTCRtpReceiver,
  type RTCRtpTransceiver,
  RtpPacket,
} from 'werift';
import { rembPacket, videoBitrateFor } from './bitrate';
import { SfuPeer } from './peer';

/** A track one participant sends, and the local copies forwarding it to each other participant. */
interface Source {
  sessionId: string;
  kind: 'audio' | 'video';
  track: MediaStreamTrack;
  receiver: RTCRtpReceiver;
  /** By the receiving participant's sessionId. */
  outs: Map<string, Out>;
  stopForwarding: () => void;
}

interface Out {
  track: MediaStreamTrack;
  transceiver: RTCRtpTransceiver;
}

export interface RoomDeps {
  /** A fresh server-side connection, with the ICE and codec settings of this node. */
  newConnection(): RTCPeerConnection;
  /** Hands a signal to the device (through the node holding its socket). */
  send(sessionId: string, signal: CallSignal): void;
  log: Logger;
}

/**
 * One group call's forwarding on its host node: one connection per participant's device; each
 * track a device sends is copied to every other device on a track of the server's own, whose
 * stream id (msid) is the sender's sessionId, so that clients know whose it is.
 *
 * Layers per receiver: werift 0.24 receives simulcast (each rid becomes a track on the
 * receiver, `trackByRid`), but offers nothing to choose among them per receiver: no bandwidth
 * estimate per outgoing connection to choose by (its sender side estimator only records sent
 * packets), and its sender cannot send simulcast itself ("sender simulcast unsupported").
 * Choosing would mean switching a receiver's out track between rid tracks on a keyframe
 * (`RTCRtpSender.replaceTrack` rewrites sequence numbers and timestamps) driven by an estimate
 * we would have to build. Until then every receiver gets the one layer each camera sends,
 * capped by REMB according to the call's size (bitrate.ts).
 */
export class SfuRoom {
  private readonly peers = new Map<string, SfuPeer>();
  private readonly sources = new Map<string, Source>();
  private closed = false;

  constructor(
    readonly callId: string,
    private readonly deps: RoomDeps,
  ) {}

  get peerCount(): number {
    return this.peers.size;
  }

  /** A signal from a participant's device; its first offer opens its connection. */
  async signal(sessionId: string, userId: string, signal: CallSignal): Promise<void> {
    if (this.closed) return;
    let peer = this.peers.get(sessionId);
    if (!peer) {
      // Only an offer starts a connection: a stray answer or candidate has nothing to apply to.
      if (signal.type !== 'offer') return;
      peer = this.open(sessionId, userId);
    }
    await peer.signal(signal);
  }

  /** The device left the call: its connection closes and the others stop receiving it. */
  async remove(sessionId: string): Promise<void> {
    const peer = this.peers.get(sessionId);
    if (!peer) return;
    this.peers.delete(sessionId);
    for (const [key, source] of this.sources) {
      if (source.sessionId === sessionId) {
        this.sources.delete(key);
        source.stopForwarding();
        for (const [to, out] of source.outs) this.unsubscribe(to, out);
      } else {
        // What it received goes with its connection.
        const out = source.outs.get(sessionId);
        out?.track.stop();
        source.outs.delete(sessionId);
      }
    }
    await peer.close();
    this.capBitrates();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const sessionId of [...this.peers.keys()]) await this.remove(sessionId);
  }

  sessions(): string[] {
    return [...this.peers.keys()];
  }

  private open(sessionId: string, userId: string): SfuPeer {
    const pc = this.deps.newConnection();
    const peer = new SfuPeer(sessionId, userId, pc, (s) => this.deps.send(sessionId, s), this.deps.log);
    this.peers.set(sessionId, peer);
    pc.onTrack.subscribe((track) => {
      const transceiver = pc.getTransceivers().find((t) => t.receiver.track === track);
      if (transceiver) this.received(peer, track, transceiver.receiver);
    });
    // The keyframes asked for at negotiation can reach a receiver before its link is up and be
    // lost; ask again once it is (a group e2e saw one picture never start otherwise).
    pc.connectionStateChange.subscribe((state) => {
      if (state !== 'connected') return;
      for (const source of this.sources.values())
        if (source.kind === 'video' && source.outs.has(sessionId)) this.requestKeyframe(source);
    });
    let first = true;
    peer.onNegotiated = () => {
      // Its own tracks are in: now it gets everyone else's (our offer follows the answer).
      if (first) {
        first = false;
        for (const source of this.sources.values())
          if (source.sessionId !== sessionId) this.subscribe(source, peer);
        this.capBitrates();
      }
      // Its new senders are negotiated now: a keyframe lets it start showing each video.
      for (const source of this.sources.values())
        if (source.kind === 'video' && source.outs.has(sessionId)) this.requestKeyframe(source);
    };
    return peer;
  }

  /** A device's track arrived (werift repeats this on every renegotiation: once is enough). */
  private received(peer: SfuPeer, track: MediaStreamTrack, receiver: RTCRtpReceiver): void {
    if (this.sources.has(track.uuid) || !this.peers.has(peer.sessionId)) return;
    const outs = new Map<string, Out>();
    // One copy per receiver: werift's sender rewrites the header (ssrc, payload type,
    // sequence) of the packet it is given, so receivers must not share one object.
    const { unSubscribe } = track.onReceiveRtp.subscribe((rtp) => {
      if (outs.size === 0) return;
      const bytes = rtp.serialize();
      for (const out of outs.values()) {
        const copy = RtpPacket.deSerialize(bytes);
        // Extension ids are per connection: the sender writes those negotiated on its own.
        copy.header.extensions = [];
        out.track.writeRtp(copy);
      }
    });
    const source: Source = {
      sessionId: peer.sessionId,
      kind: track.kind === 'video' ? 'video' : 'audio',
      track,
      receiver,
      outs,
      stopForwarding: unSubscribe,
    };
    this.sources.set(track.uuid, source);
    for (const other of this.peers.values()) if (other !== peer) this.subscribe(source, other);
    this.capBitrates();
  }

  private subscribe(source: Source, to: SfuPeer): void {
    if (source.outs.has(to.sessionId)) return;
    const track = new MediaStreamTrack({ kind: source.kind });
    const transceiver = to.pc.addTransceiver(track, {
      direction: 'sendonly',
      streams: [new MediaStream({ id: source.sessionId })],
    });
    // A receiver that lost a picture asks for a keyframe: only the sender can make one.
    transceiver.sender.onPictureLossIndication.subscribe(() => this.requestKeyframe(source));
    source.outs.set(to.sessionId, { track, transceiver });
    to.renegotiate();
  }

  private unsubscribe(sessionId: string, out: Out): void {
    out.track.stop();
    const peer = this.peers.get(sessionId);
    if (!peer) return;
    peer.pc.removeTrack(out.transceiver.sender);
    peer.renegotiate();
  }

  private requestKeyframe(source: Source): void {
    if (source.track.ssrc === undefined) return;
    void source.receiver.sendRtcpPLI(source.track.ssrc).catch(() => {});
  }

  /** Tells every camera the share of bandwidth the call's size leaves it. */
  private capBitrates(): void {
    const bitrate = videoBitrateFor(this.peers.size);
    for (const source of this.sources.values()) {
      const ssrc = source.track.ssrc;
      if (source.kind !== 'video' || ssrc === undefined) continue;
      const packet = rembPacket(source.receiver.rtcpSsrc, ssrc, bitrate);
      void source.receiver.dtlsTransport?.sendRtcp([packet]).catch(() => {});
    }
  }
}
