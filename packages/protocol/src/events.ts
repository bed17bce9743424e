import { z } from 'zod';
import { Me, PublicUser } from './accounts';
import { Call, CallSignal } from './calls';
import { Id, Timestamp } from './common';
import { Friend, FriendRequest } from './friends';
import { Message, Pos, Seq } from './messages';
import { Video } from './videos';

/**
 * Events the server pushes to live connections. Each concerns one or more users and reaches
 * every live device of each of them.
 */
export const ServerEvent = z.discriminatedUnion('type', [
  /** A request addressed to you arrived. */
  z.object({ type: z.literal('friendRequest.received'), request: FriendRequest }),
  /** A request you sent or received changed: accepted, declined, cancelled (to both sides). */
  z.object({ type: z.literal('friendRequest.updated'), request: FriendRequest }),
  /** Someone became your friend (both sides, every device). */
  z.object({ type: z.literal('friend.added'), friend: Friend }),
  /** Your view of a friend changed (you set a remark on another device). */
  z.object({ type: z.literal('friend.updated'), friend: Friend }),
  /** A friend changed their name, avatar or signature. */
  z.object({ type: z.literal('user.updated'), user: PublicUser }),
  /** A friendship ended (deleted by either side). */
  z.object({ type: z.literal('friend.removed'), userId: Id }),
  /** Your own profile or settings changed on another device. */
  z.object({ type: z.literal('me.updated'), user: Me }),
  /** Your block list changed on another device. */
  z.object({ type: z.literal('block.updated'), user: PublicUser, blocked: z.boolean() }),
  /** Your device list changed (a sign-in or a sign-out elsewhere). */
  z.object({ type: z.literal('devices.changed') }),
  /** A new message in one of your conversations (its seq tells whether you missed any). */
  z.object({ type: z.literal('message.new'), message: Message }),
  /** A member's read mark moved: yours (other devices) or, in one-to-one chats, the other side's. */
  z.object({
    type: z.literal('read.updated'),
    conversationId: Id,
    userId: Id,
    readSeq: Seq,
    pos: Pos,
  }),
  /**
   * Something else about a conversation changed for you (name, members, your settings, you
   * joined or left): sync from your cursor to get its new state.
   */
  z.object({ type: z.literal('conversation.changed'), conversationId: Id, pos: Pos }),
  /**
   * The other side of a one-to-one chat is typing (show it for TYPING_SHOWN_MS unless repeated),
   * or, with `stopped`, no longer is.
   */
  z.object({ type: z.literal('typing'), conversationId: Id, userId: Id, stopped: z.boolean().optional() }),
  /** One of your videos changed: processing progress, ready, failed, or edited on another device. */
  z.object({ type: z.literal('video.updated'), video: Video }),
  /**
   * A call in one of your conversations started, changed (someone answered, joined, left,
   * muted, dropped) or ended. Ring while you are in `ringing` and not among the participants;
   * stop once you are a participant on another device, or the call ended.
   */
  z.object({ type: z.literal('call.updated'), call: Call }),
  /** WebRTC negotiation for this device from another device of the call. */
  z.object({
    type: z.literal('call.signal'),
    callId: Id,
    fromUserId: Id,
    fromSessionId: Id,
    signal: CallSignal,
  }),
  /**
   * The server's SFU negotiating with this device in a group call: its answers, its offers
   * when other participants' tracks come or go (each track's msid stream id is the sender's
   * sessionId), and its candidates.
   */
  z.object({ type: z.literal('call.sfu'), callId: Id, signal: CallSignal }),
  /** A friend came online or went offline (absent for friends who hide it). */
  z.object({
    type: z.literal('presence'),
    userId: Id,
    online: z.boolean(),
    lastSeenAt: Timestamp.nullable(),
  }),
]);
export type ServerEvent = z.infer<typeof ServerEvent>;
export type ServerEventType = ServerEvent['type'];
