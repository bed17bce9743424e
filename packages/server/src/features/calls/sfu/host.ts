import '../busMessages';
import type { Call, CallSignal } from '@liao/protocol';
import { RTCPeerConnection, useOPUS, useVP8 } from 'werift';
import type { AppContext } from '../../../platform/context';
import { AppError } from '../../../platform/errors';
import * as q from '../queries';
import { SfuRoom } from './room';

export interface SfuSignal {
  callId: string;
  userId: string;
  sessionId: string;
  signal: CallSignal;
}

/**
 * The SFUs of the group calls this node hosts, and the road to those other nodes host. A call's
 * SFU lives on one node: the first to handle a `call.sfu` for it claims it in the store; the
 * others forward their devices' signals there over the bus ('call.sfu.in'), and the host's
 * signals come back the same way ('call.sfu.out') to whichever node holds the device's socket.
 */
export class SfuHost {
  private readonly rooms = new Map<string, SfuRoom>();

  constructor(private readonly ctx: AppContext) {}

  /** A participant's signal, on whichever node it arrived (the caller was checked in the call). */
  async route(s: SfuSignal): Promise<void> {
    const host = await q.claimHost(this.ctx.db, s.callId, this.ctx.config.nodeId);
    if (host === null) throw new AppError('CALL_ENDED');
    if (host === this.ctx.config.nodeId) await this.handle(s);
    else await this.ctx.bus.publish({ kind: 'call.sfu.in', node: host, ...s });
  }

  /** A signal for a call this node hosts. */
  async handle(s: SfuSignal): Promise<void> {
    let room = this.rooms.get(s.callId);
    if (!room) {
      if (s.signal.type !== 'offer') return;
      room = new SfuRoom(s.callId, {
        newConnection: () => this.newConnection(),
        send: (sessionId, signal) =>
          void this.ctx.bus
            .publish({
              kind: 'call.sfu.out',
              sessionId,
              event: { type: 'call.sfu', callId: s.callId, signal },
            })
            .catch((error: unknown) => this.ctx.log.warn({ err: error }, 'sfu: a signal was not sent')),
        log: this.ctx.log,
      });
      this.rooms.set(s.callId, room);
    }
    await room.signal(s.sessionId, s.userId, s.signal);
  }

  /**
   * The call as it now is (from `call.updated`, which reaches every node): devices no longer
   * among its participants (left, removed, dropped for good) lose their connection; an ended
   * call's room closes.
   */
  async callChanged(call: Call): Promise<void> {
    const room = this.rooms.get(call.id);
    if (!room) return;
    if (call.endedAt !== null) {
      this.rooms.delete(call.id);
      await room.close();
      return;
    }
    const present = new Set(call.participants.map((p) => p.sessionId));
    for (const sessionId of room.sessions()) {
      if (present.has(sessionId)) continue;
      // Updates from different nodes may cross: the store says whether it really left.
      if (await q.participantOfSession(this.ctx.db, call.id, sessionId)) continue;
      await room.remove(sessionId);
    }
  }

  /** Connections open on this node, over all its rooms (for tests and metrics). */
  peerCount(): number {
    let count = 0;
    for (const room of this.rooms.values()) count += room.peerCount;
    return count;
  }

  roomCount(): number {
    return this.rooms.size;
  }

  async close(): Promise<void> {
    const rooms = [...this.rooms.values()];
    this.rooms.clear();
    await Promise.all(rooms.map((room) => room.close()));
  }

  private newConnection(): RTCPeerConnection {
    return new RTCPeerConnection({
      // Host candidates only: devices reach them directly or through their TURN relay. werift's
      // default would ask a public STUN server, and nothing here may be fetched from elsewhere.
      iceServers: [],
      bundlePolicy: 'max-bundle',
      codecs: { audio: [useOPUS()], video: [useVP8()] },
      ...(this.ctx.config.calls.sfuAddress
        ? { iceAdditionalHostAddresses: [this.ctx.config.calls.sfuAddress] }
        : {}),
    });
  }
}
