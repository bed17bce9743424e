import { z } from 'zod';
import {
  ActiveCallsResult,
  CallIdBody,
  CallJoined,
  CallMediaStateBody,
  CallSfuBody,
  CallSignalBody,
  JoinCallBody,
  StartCallBody,
} from './calls';
import { Id, Timestamp } from './common';
import { type ErrorCode, ErrorCodes } from './errors';
import { ServerEvent } from './events';
import { HistoryBody, HistoryResult, Message, ReadBody, SendMessageBody, Seq, TypingBody } from './messages';
import { SyncBody, SyncResult } from './sync';

/** Frames larger than this close the connection with code 1009 (message too big). */
export const MAX_FRAME_BYTES = 64 * 1024;
/** The server pings at this interval and drops a connection that misses two. */
export const HEARTBEAT_MS = 25_000;

/** WebSocket close codes the server uses besides the standard ones. */
export const CloseCodes = {
  /** The device was signed out: do not reconnect, go to the sign-in page. */
  SESSION_REVOKED: 4001,
  /** The connection had no valid session. */
  UNAUTHENTICATED: 4401,
  /** The client was too slow to read what it was sent; reconnect and catch up. */
  SLOW_CONSUMER: 4008,
  /**
   * The node's link to the other nodes dropped, so events for this connection may have been
   * lost: reconnect and catch up by sync.
   */
  MISSED_EVENTS: 4009,
  /**
   * The account opened more connections than the server allows (LIAO_SOCKETS_PER_ACCOUNT) and
   * this was its oldest. The session is still valid, but do not reconnect on your own: two
   * devices past the cap would take turns closing each other. Reconnect when the person asks.
   */
  TOO_MANY_CONNECTIONS: 4029,
  /** The node is shutting down: reconnect (to another node). */
  GOING_AWAY: 1001,
} as const;

const FrameId = z.string().min(1).max(64);

/**
 * What a client may ask over the socket: each op's body and the result of its reply. Every
 * request frame gets exactly one reply frame, `ok` with the result or an error with a code.
 */
export const RequestOps = {
  /** Stores a message (acknowledged after commit); resending its clientId returns the first ack. */
  'message.send': { body: SendMessageBody, result: z.object({ message: Message }) },
  /** Everything changed since the cursor, in one reply. */
  sync: { body: SyncBody, result: SyncResult },
  /** A page of a conversation's history by seq. */
  history: { body: HistoryBody, result: HistoryResult },
  /** Moves the caller's read mark forward (never back). */
  read: { body: ReadBody, result: z.object({ readSeq: Seq }) },
  /** Tells the other side of a one-to-one chat that the caller is typing. */
  typing: { body: TypingBody, result: z.object({}) },
  /** Rings the conversation's other members (a one-to-one chat's friend, or a group's members). */
  'call.start': { body: StartCallBody, result: CallJoined },
  /** Answers a ringing call, or joins a group call that runs, with this device. */
  'call.join': { body: JoinCallBody, result: CallJoined },
  /** Stops this person's ringing (a one-to-one call ends, declined). */
  'call.decline': { body: CallIdBody, result: z.object({}) },
  /** Hangs up this device (a caller alone cancels; the last two of a one-to-one call end it). */
  'call.leave': { body: CallIdBody, result: z.object({}) },
  /** Relays WebRTC negotiation to another device of the call. */
  'call.signal': { body: CallSignalBody, result: z.object({}) },
  /** Negotiation with the server's SFU for a group call (topology 'sfu'); participants only. */
  'call.sfu': { body: CallSfuBody, result: z.object({}) },
  /** What this device sends now (microphone, camera, screen). */
  'call.media': { body: CallMediaStateBody, result: z.object({}) },
  /** This device is back after its socket dropped: the others stop waiting for it. */
  'call.resume': { body: CallIdBody, result: CallJoined },
  /** The calls running in the caller's conversations. */
  'call.active': { body: z.strictObject({}), result: ActiveCallsResult },
} as const;
export type RequestOp = keyof typeof RequestOps;
export type RequestBody<Op extends RequestOp> = z.input<(typeof RequestOps)[Op]['body']>;
export type RequestResult<Op extends RequestOp> = z.output<(typeof RequestOps)[Op]['result']>;
const REQUEST_OPS = Object.keys(RequestOps) as [RequestOp, ...RequestOp[]];

/** Frames a client may send. A request's body is checked against its op's schema next. */
export const ClientFrame = z.discriminatedUnion('type', [
  /** Application heartbeat: browsers cannot send WebSocket pings, so they send this. */
  z.strictObject({ type: z.literal('ping'), id: FrameId }),
  z.strictObject({ type: z.literal('req'), id: FrameId, op: z.enum(REQUEST_OPS), body: z.unknown() }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

const ErrorCodeSchema = z.custom<ErrorCode>((v) => typeof v === 'string' && Object.hasOwn(ErrorCodes, v));

/** Frames the server sends. */
export const ServerFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    userId: Id,
    sessionId: Id,
    heartbeatMs: z.number().int().positive(),
    serverTime: Timestamp,
  }),
  z.object({ type: z.literal('pong'), id: FrameId, serverTime: Timestamp }),
  z.object({ type: z.literal('event'), event: ServerEvent }),
  /** The one reply to a request: `ok` with its result, or an error with a stable code. */
  z
    .object({
      type: z.literal('res'),
      id: FrameId,
      ok: z.boolean(),
      result: z.unknown().optional(),
      error: z
        .object({ code: z.string(), message: z.string(), data: z.record(z.string(), z.unknown()).optional() })
        .optional(),
    })
    .refine((f) => f.ok || f.error !== undefined, { message: 'a failed reply carries an error' }),
  z.object({
    type: z.literal('error'),
    /** The id of the client frame this answers, when the frame was readable enough to have one. */
    id: z.string().optional(),
    code: ErrorCodeSchema,
    message: z.string(),
  }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
