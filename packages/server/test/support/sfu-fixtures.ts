import type { LiaoClient } from '@liao/client';
import type { CallJoined, CallSignal, ServerEvent } from '@liao/protocol';
import {
  MediaStreamTrack,
  type RTCPeerConnection as Pc,
  RTCIceCandidate,
  RTCPeerConnection,
  RtpHeader,
  RtpPacket,
} from 'werift';

/** Opus frames come every 20 ms; dummy VP8 frames go at the same pace to keep tests short. */
const FRAME_MS = 20;

/**
 * A "browser" in a group call through the server's SFU: a werift peer of the test process,
 * relay-only through the TURN server the call's CallJoined names, negotiating over `call.sfu`
 * the way the web app does (it offers what it sends; it answers the server's offers, politely
 * rolling back its own on a collision). It sends one track of crafted RTP whose payload names
 * its sessionId, and counts what it receives per sending participant: the msid stream id the
 * server put on each track, checked against the payload so that a track mapped to the wrong
 * participant shows up as `misattributed`.
 */
export class SfuDevice {
  readonly pc: Pc;
  /** Packets received, by the sessionId the server's msid named. */
  readonly received = new Map<string, number>();
  misattributed = 0;
  /** The server's offers so far (each renegotiation). */
  offers = 0;
  private chain: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly seen = new Set<string>();
  private readonly off: () => void;

  constructor(
    readonly client: LiaoClient,
    readonly sessionId: string,
    readonly callId: string,
    joined: CallJoined,
    readonly kind: 'audio' | 'video',
  ) {
    this.pc = new RTCPeerConnection({
      iceServers: joined.iceServers,
      iceTransportPolicy: joined.iceTransportPolicy,
      bundlePolicy: 'max-bundle',
    });
    this.pc.onIceCandidate.subscribe((c) => {
      if (c)
        void this.send({
          type: 'candidate',
          candidate: c.candidate,
          sdpMid: c.sdpMid ?? null,
          sdpMLineIndex: c.sdpMLineIndex ?? null,
        }).catch(() => {});
    });
    this.pc.onTrack.subscribe((track) => {
      // werift announces the same track again on every renegotiation.
      if (this.seen.has(track.uuid)) return;
      this.seen.add(track.uuid);
      const transceiver = this.pc.getTransceivers().find((t) => t.receiver.track === track);
      const from = transceiver?.receiver.remoteStreamId ?? 'unknown';
      track.onReceiveRtp.subscribe((rtp) => {
        if (rtp.payload.subarray(1).toString() !== from) this.misattributed++;
        this.received.set(from, (this.received.get(from) ?? 0) + 1);
      });
    });
    const onEvent = (e: ServerEvent) => {
      if (e.type === 'call.sfu' && e.callId === callId) this.step(() => this.onSignal(e.signal));
    };
    this.off = client.on('event', onEvent);
  }

  /** Adds its track, offers it to the server and starts sending a packet every FRAME_MS. */
  async start(): Promise<void> {
    const track = new MediaStreamTrack({ kind: this.kind });
    this.pc.addTransceiver(track, { direction: 'sendonly' });
    await this.pc.setLocalDescription(await this.pc.createOffer());
    await this.send({ type: 'offer', sdp: this.pc.localDescription?.sdp ?? '' });
    const ssrc = 1 + Math.floor(Math.random() * 0xfffffff0);
    let seq = 0;
    // First byte: VP8's payload descriptor (start of a partition) or an Opus TOC; then who sent it.
    const payload = Buffer.concat([
      Buffer.from([this.kind === 'video' ? 0x10 : 0xfc]),
      Buffer.from(this.sessionId),
    ]);
    this.timer = setInterval(() => {
      seq = (seq + 1) & 0xffff;
      const clock = this.kind === 'video' ? 90 : 48;
      const header = new RtpHeader({
        payloadType: 96,
        sequenceNumber: seq,
        timestamp: (seq * FRAME_MS * clock) >>> 0,
        ssrc,
        marker: true,
      });
      track.writeRtp(new RtpPacket(header, payload));
    }, FRAME_MS);
  }

  /** Its state, for failure messages. */
  describe(): string {
    return `${(this.pc.remoteDescription?.sdp ?? '')
      .split('\r\n')
      .filter((l) => l.startsWith('a=candidate'))
      .join(' ; ')}\n${(this.pc.localDescription?.sdp ?? '')
      .split('\r\n')
      .filter((l) => l.startsWith('a=candidate'))
      .join(
        ' ; ',
      )}\n${this.sessionId}: ${this.pc.connectionState}/${this.pc.signalingState}, offers ${this.offers}, received ${JSON.stringify([...this.received])}`;
  }

  /** Packets received from `sessionId` so far. */
  from(sessionId: string): number {
    return this.received.get(sessionId) ?? 0;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.off();
    await this.pc.close();
  }

  private send(signal: CallSignal): Promise<unknown> {
    return this.client.request('call.sfu', { callId: this.callId, signal });
  }

  private async onSignal(signal: CallSignal): Promise<void> {
    if (signal.type === 'candidate') {
      await this.pc.addIceCandidate(
        new RTCIceCandidate({
          candidate: signal.candidate,
          sdpMid: signal.sdpMid ?? undefined,
          sdpMLineIndex: signal.sdpMLineIndex ?? undefined,
        }),
      );
    } else if (signal.type === 'offer') {
      this.offers++;
      // Polite: our own offer gives way to the server's.
      if (this.pc.signalingState === 'have-local-offer')
        await this.pc.setLocalDescription({ type: 'rollback' });
      await this.pc.setRemoteDescription(signal);
      await this.pc.setLocalDescription(await this.pc.createAnswer());
      await this.send({ type: 'answer', sdp: this.pc.localDescription?.sdp ?? '' });
    } else if (this.pc.signalingState === 'have-local-offer') {
      await this.pc.setRemoteDescription(signal);
    }
  }

  private step(run: () => Promise<void>): void {
    this.chain = this.chain.then(run).catch((error: unknown) => {
      console.error('sfu device: a signal failed', error);
    });
  }
}
