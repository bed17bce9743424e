import type { CallSignal } from '@liao/protocol';
import { describe, expect, it } from 'vitest';
import { type NegotiatingPeer, Negotiator } from './negotiation';

type Description = { type: RTCSdpType; sdp: string };

/**
 * A peer connection reduced to its signalling states (JSEP): enough to show two sides that
 * offer at the same moment end with one agreed offer and answer. Like a browser, it rolls its
 * own offer back when it is given the other side's.
 */
class FakePeer implements NegotiatingPeer {
  signalingState: RTCSignalingState = 'stable';
  localDescription: Description | null = null;
  remoteDescription: Description | null = null;
  onnegotiationneeded: (() => unknown) | null = null;
  onicecandidate: ((ev: RTCPeerConnectionIceEvent) => unknown) | null = null;
  candidates: string[] = [];
  private offers = 0;

  constructor(readonly name: string) {}

  async setLocalDescription(): Promise<void> {
    await tick();
    if (this.signalingState === 'stable') {
      this.localDescription = { type: 'offer', sdp: `${this.name}-offer-${++this.offers}` };
      this.signalingState = 'have-local-offer';
    } else if (this.signalingState === 'have-remote-offer') {
      this.localDescription = { type: 'answer', sdp: `${this.name}-answers-${this.remoteDescription?.sdp}` };
      this.signalingState = 'stable';
    } else {
      throw new Error(`setLocalDescription in ${this.signalingState}`);
    }
  }

  async setRemoteDescription(description: Description): Promise<void> {
    await tick();
    if (description.type === 'offer') {
      if (this.signalingState === 'have-local-offer') this.signalingState = 'stable'; // implicit rollback
      if (this.signalingState !== 'stable') throw new Error(`offer in ${this.signalingState}`);
      this.signalingState = 'have-remote-offer';
    } else {
      if (this.signalingState !== 'have-local-offer') throw new Error(`answer in ${this.signalingState}`);
      this.signalingState = 'stable';
    }
    this.remoteDescription = description;
  }

  async addIceCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    if (!this.remoteDescription) throw new Error('candidate before description');
    this.candidates.push(candidate.candidate ?? '');
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Two sides wired to each other through an in-order channel, as the socket is. */
function pair() {
  const caller = new FakePeer('caller');
  const callee = new FakePeer('callee');
  const errors: unknown[] = [];
  let toCallee: Negotiator;
  let toCaller: Negotiator;
  const chains = { caller: Promise.resolve(), callee: Promise.resolve() };
  const a = new Negotiator(
    caller,
    false,
    (signal: CallSignal) => {
      chains.callee = chains.callee.then(() => toCallee.receive(signal));
    },
    (e) => errors.push(e),
  );
  const b = new Negotiator(
    callee,
    true,
    (signal: CallSignal) => {
      chains.caller = chains.caller.then(() => toCaller.receive(signal));
    },
    (e) => errors.push(e),
  );
  toCallee = b;
  toCaller = a;
  const settled = async () => {
    for (let i = 0; i < 20; i++) {
      await Promise.all([chains.caller, chains.callee]);
      await tick();
    }
  };
  return { caller, callee, errors, settled };
}

describe('perfect negotiation', () => {
  it('when both sides offer at once, the polite callee yields and answers the caller', async () => {
    const { caller, callee, errors, settled } = pair();
    caller.onnegotiationneeded?.();
    callee.onnegotiationneeded?.();
    await settled();
    expect(errors).toEqual([]);
    expect(caller.signalingState).toBe('stable');
    expect(callee.signalingState).toBe('stable');
    // The caller's offer won; the callee's own was rolled back.
    expect(callee.remoteDescription?.sdp).toBe('caller-offer-1');
    expect(caller.remoteDescription?.sdp).toBe('callee-answers-caller-offer-1');
  });

  it('an offer from one side alone is answered, and candidates trickle after it', async () => {
    const { caller, callee, errors, settled } = pair();
    callee.onnegotiationneeded?.();
    await settled();
    const candidate = {
      candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host',
      sdpMid: '0',
      sdpMLineIndex: 0,
    };
    callee.onicecandidate?.({ candidate } as unknown as RTCPeerConnectionIceEvent);
    // The end of gathering (an empty candidate) is not sent.
    callee.onicecandidate?.({ candidate: null } as unknown as RTCPeerConnectionIceEvent);
    await settled();
    expect(errors).toEqual([]);
    expect(caller.remoteDescription?.sdp).toBe('callee-offer-1');
    expect(caller.candidates).toEqual([candidate.candidate]);
  });
});
