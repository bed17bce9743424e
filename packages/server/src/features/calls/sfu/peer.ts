import type { CallSignal } from '@liao/protocol';
import type { Logger } from 'pino';
import { RTCIceCandidate, type RTCPeerConnection } from 'werift';

/**
 * One device's connection to the SFU, and its negotiation. The server is the impolite peer
 * of "perfect negotiation": the device offers what it sends; the server offers again whenever
 * other participants' tracks come or go. An offer from the device that crosses one of ours is
 * ignored: the device (polite) rolls back, answers ours, and offers again.
 *
 * Every step runs in turn on one chain, since werift's descriptions must not interleave.
 */
export class SfuPeer {
  private chain: Promise<void> = Promise.resolve();
  /** Tracks were added or removed since our last offer: offer again once stable. */
  private dirty = false;
  private closed = false;
  /** Called after each description the device sent was applied (new senders are live then). */
  onNegotiated: () => void = () => {};

  constructor(
    readonly sessionId: string,
    readonly userId: string,
    readonly pc: RTCPeerConnection,
    private readonly send: (signal: CallSignal) => void,
    private readonly log: Logger,
  ) {
    pc.onIceCandidate.subscribe((candidate) => {
      if (!candidate || this.closed) return;
      send({
        type: 'candidate',
        candidate: candidate.candidate,
        sdpMid: candidate.sdpMid ?? null,
        sdpMLineIndex: candidate.sdpMLineIndex ?? null,
      });
    });
  }

  signal(signal: CallSignal): Promise<void> {
    return this.step(async () => {
      if (signal.type === 'candidate') {
        await this.pc.addIceCandidate(
          new RTCIceCandidate({
            candidate: signal.candidate,
            sdpMid: signal.sdpMid ?? undefined,
            sdpMLineIndex: signal.sdpMLineIndex ?? undefined,
          }),
        );
        return;
      }
      if (signal.type === 'offer') {
        // Impolite: our own offer stands; the device rolls back and answers it.
        if (this.pc.signalingState !== 'stable') return;
        await this.pc.setRemoteDescription(signal);
        await this.pc.setLocalDescription(await this.pc.createAnswer());
        this.send({ type: 'answer', sdp: this.pc.localDescription?.sdp ?? '' });
      } else {
        // An answer to nothing (a stale one after a rollback) changes nothing.
        if (this.pc.signalingState !== 'have-local-offer') return;
        await this.pc.setRemoteDescription(signal);
      }
      this.onNegotiated();
      if (this.dirty) await this.offer();
    });
  }

  /** Offers the device the tracks as they now are, now or as soon as the current exchange ends. */
  renegotiate(): void {
    this.dirty = true;
    void this.step(async () => {
      if (this.dirty && this.pc.signalingState === 'stable') await this.offer();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.pc.close();
  }

  private async offer(): Promise<void> {
    this.dirty = false;
    await this.pc.setLocalDescription(await this.pc.createOffer());
    this.send({ type: 'offer', sdp: this.pc.localDescription?.sdp ?? '' });
  }

  private step(run: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(async () => {
      if (this.closed) return;
      try {
        await run();
      } catch (error) {
        // One bad description must not stop the device's later ones from being heard.
        this.log.warn({ err: error, sessionId: this.sessionId }, 'sfu: a negotiation step failed');
      }
    });
    return this.chain;
  }
}
