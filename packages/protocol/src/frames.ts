import { z } from 'zod';
import { Id, Timestamp } from './common';
import { type ErrorCode, ErrorCodes } from './errors';
import { ServerEvent } from './events';

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
  /** The node is shutting down: reconnect (to another node). */
  GOING_AWAY: 1001,
} as const;

const FrameId = z.string().min(1).max(64);

/** Frames a client may send. */
export const ClientFrame = z.discriminatedUnion('type', [
  /** Application heartbeat: browsers cannot send WebSocket pings, so they send this. */
  z.strictObject({ type: z.literal('ping'), id: FrameId }),
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
  z.object({
    type: z.literal('error'),
    /** The id of the client frame this answers, when the frame was readable enough to have one. */
    id: z.string().optional(),
    code: ErrorCodeSchema,
    message: z.string(),
  }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
