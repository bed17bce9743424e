import { z } from 'zod';
import { Id, Timestamp } from './common';

/**
 * Voice and video calls (issue 19). A call belongs to a conversation: one-to-one calls go peer
 * to peer, group calls through the server's SFU. Signalling travels over the socket as request
 * ops (RequestOps in frames.ts) and events (`call.updated`, `call.signal`); the media never
 * touches the socket.
 *
 * A person takes part with one device: the device that answers takes the call, and the
 * others stop ringing when `call.updated` shows that person among the participants.
 */

/** A group call's 3×3 grid. */
export const CALL_MAX_PARTICIPANTS = 9;
/** Callees ring this long before the call counts as missed. */
export const CALL_RING_MS = 45_000;
/** A call with nobody left to talk to (everyone else dropped) ends after this long. */
export const CALL_ALONE_MS = 30_000;
/** Longest SDP accepted in a signal: a 9-way SFU offer stays far below it. */
export const CALL_SDP_MAX = 48_000;

export const CallMedia = z.enum(['voice', 'video']);
export type CallMedia = z.infer<typeof CallMedia>;

/** How the media flows: directly between the two devices, or through the server (groups). */
export const CallTopology = z.enum(['p2p', 'sfu']);
export type CallTopology = z.infer<typeof CallTopology>;

/**
 * How a call ended, as its line in the chat says it: `cancelled` by the caller before anyone
 * answered, `declined` by the callee, `missed` (nobody answered in CALL_RING_MS), `busy` (the
 * callee was in another call), `ended` after a conversation (with its duration), `failed` (the
 * last participants dropped and did not come back).
 */
export const CallEndReason = z.enum(['cancelled', 'declined', 'missed', 'busy', 'ended', 'failed']);
export type CallEndReason = z.infer<typeof CallEndReason>;

/** One device in a call, with what it sends. */
export const CallParticipant = z.object({
  userId: Id,
  sessionId: Id,
  joinedAt: Timestamp,
  audio: z.boolean(),
  video: z.boolean(),
  screen: z.boolean(),
  /** False while its socket is gone (a network change): the others wait CALL_ALONE_MS for it. */
  connected: z.boolean(),
});
export type CallParticipant = z.infer<typeof CallParticipant>;

export const Call = z.object({
  id: Id,
  conversationId: Id,
  media: CallMedia,
  topology: CallTopology,
  startedBy: Id,
  startedAt: Timestamp,
  /** When someone first answered; null while only the caller is in it. */
  answeredAt: Timestamp.nullable(),
  endedAt: Timestamp.nullable(),
  endReason: CallEndReason.nullable(),
  participants: z.array(CallParticipant),
  /** Members being rung: each of their devices rings until one answers or they decline. */
  ringing: z.array(Id),
});
export type Call = z.infer<typeof Call>;

/** An ICE server as RTCPeerConnection takes it; TURN credentials are minted per call and expire. */
export const IceServer = z.object({
  urls: z.array(z.string()),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof IceServer>;

/** What starting, answering or joining a call answers: the call and how to reach the others. */
export const CallJoined = z.object({
  call: Call,
  iceServers: z.array(IceServer),
  /** 'relay' where the operator hides addresses (or in tests): only TURN candidates. */
  iceTransportPolicy: z.enum(['all', 'relay']),
});
export type CallJoined = z.infer<typeof CallJoined>;

/** WebRTC negotiation, relayed as is between two devices of a call. */
export const CallSignal = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('offer'), sdp: z.string().min(1).max(CALL_SDP_MAX) }),
  z.strictObject({ type: z.literal('answer'), sdp: z.string().min(1).max(CALL_SDP_MAX) }),
  z.strictObject({
    type: z.literal('candidate'),
    candidate: z.string().max(1024),
    sdpMid: z.string().max(64).nullable(),
    sdpMLineIndex: z.number().int().min(0).max(255).nullable(),
  }),
]);
export type CallSignal = z.infer<typeof CallSignal>;

export const StartCallBody = z.strictObject({ conversationId: Id, media: CallMedia });
export type StartCallBody = z.input<typeof StartCallBody>;

/** Answering a ringing call, or joining a group call that runs; `media` is what this device sends. */
export const JoinCallBody = z.strictObject({ callId: Id, media: CallMedia });
export type JoinCallBody = z.input<typeof JoinCallBody>;

export const CallIdBody = z.strictObject({ callId: Id });
export type CallIdBody = z.input<typeof CallIdBody>;

/** A signal for one other device of the call (its session id, from the call's participants). */
export const CallSignalBody = z.strictObject({ callId: Id, toSessionId: Id, signal: CallSignal });
export type CallSignalBody = z.input<typeof CallSignalBody>;

/**
 * A participant's own negotiation with the server's SFU in a group call: its offer (the tracks
 * it sends), its answers to the server's offers, and trickled candidates. The server answers
 * with `call.sfu` events to this device alone.
 *
 * Which participant an incoming track comes from travels in the server's offer itself: each
 * forwarded track's msid names a stream whose id is the sending participant's sessionId (a
 * browser's `RTCTrackEvent.streams[0].id`). Chosen over a separate `call.tracks` event because
 * the SDP that creates the track carries it, so the two can never arrive out of order, and a
 * renegotiation that removes a track removes its mapping with it.
 */
export const CallSfuBody = z.strictObject({ callId: Id, signal: CallSignal });
export type CallSfuBody = z.input<typeof CallSfuBody>;

/** What this device sends now: the others show a muted microphone or a stopped camera. */
export const CallMediaStateBody = z.strictObject({
  callId: Id,
  audio: z.boolean(),
  video: z.boolean(),
  screen: z.boolean(),
});
export type CallMediaStateBody = z.input<typeof CallMediaStateBody>;

/** The calls of the caller's conversations that run now (after a reconnect, to show the bar). */
export const ActiveCallsResult = z.object({ calls: z.array(Call) });
export type ActiveCallsResult = z.infer<typeof ActiveCallsResult>;

/** A call's line in its chat: who called, how it ended and, after a conversation, how long. */
export const CallRecord = z.object({
  callId: Id,
  media: CallMedia,
  topology: CallTopology,
  outcome: CallEndReason,
  /** From the first answer to the end; 0 when nobody answered. */
  durationMs: z.number().int().min(0),
});
export type CallRecord = z.infer<typeof CallRecord>;
