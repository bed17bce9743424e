import type { CallSignal } from '@liao/protocol';

/** As much of RTCPeerConnection as negotiation uses (a fake one in tests). */
export interface NegotiatingPeer {
  readonly signalingState: RTCSignalingState;
  readonly localDescription: { type: RTCSdpType; sdp: string } | null;
  setLocalDescription(): Promise<void>;
  setRemoteDescription(description: { type: RTCSdpType; sdp: string }): Promise<void>;
  addIceCandidate(candidate: RTCIceCandidateInit): Promise<void>;
  onnegotiationneeded: ((this: never, ev: Event) => unknown) | null;
  onicecandidate: ((this: never, ev: RTCPeerConnectionIceEvent) => unknown) | null;
}

/**
 * The "perfect negotiation" pattern (W3C WebRTC, section 10.7): either side may offer whenever
 * its tracks change (both do at the start of a call, and after an ICE restart). When offers
 * cross, the impolite side ignores the other's and the polite side (the callee) rolls its own
 * back and answers, so that the two never deadlock and no side needs to know who goes first.
 */
export class Negotiator {
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswer = false;

  constructor(
    private readonly peer: NegotiatingPeer,
    private readonly polite: boolean,
    private readonly send: (signal: CallSignal) => void,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    peer.onnegotiationneeded = () => void this.offer();
    peer.onicecandidate = ({ candidate }) => {
      // An empty candidate marks the end of gathering; the other side needs no word of it.
      if (!candidate?.candidate) return;
      send({
        type: 'candidate',
        candidate: candidate.candidate,
        sdpMid: candidate.sdpMid ?? null,
        sdpMLineIndex: candidate.sdpMLineIndex ?? null,
      });
    };
  }

  private async offer(): Promise<void> {
    try {
      this.makingOffer = true;
      await this.peer.setLocalDescription();
      this.sendDescription();
    } catch (error) {
      this.onError(error);
    } finally {
      this.makingOffer = false;
    }
  }

  private sendDescription(): void {
    const description = this.peer.localDescription;
    if (description && (description.type === 'offer' || description.type === 'answer')) {
      this.send({ type: description.type, sdp: description.sdp });
    }
  }

  async receive(signal: CallSignal): Promise<void> {
    try {
      if (signal.type === 'candidate') {
        try {
          await this.peer.addIceCandidate({
            candidate: signal.candidate,
            sdpMid: signal.sdpMid,
            sdpMLineIndex: signal.sdpMLineIndex,
          });
        } catch (error) {
          // Candidates of an offer this side ignored fail to apply; they are not needed.
          if (!this.ignoreOffer) throw error;
        }
        return;
      }
      const readyForOffer =
        !this.makingOffer && (this.peer.signalingState === 'stable' || this.settingRemoteAnswer);
      const collision = signal.type === 'offer' && !readyForOffer;
      this.ignoreOffer = !this.polite && collision;
      if (this.ignoreOffer) return;
      this.settingRemoteAnswer = signal.type === 'answer';
      // The polite side's own offer is rolled back implicitly here when offers crossed.
      await this.peer.setRemoteDescription({ type: signal.type, sdp: signal.sdp });
      this.settingRemoteAnswer = false;
      if (signal.type === 'offer') {
        await this.peer.setLocalDescription();
        this.sendDescription();
      }
    } catch (error) {
      this.onError(error);
    }
  }
}
