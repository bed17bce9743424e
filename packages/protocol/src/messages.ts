import { z } from 'zod';
import { CallRecord } from './calls';
import { Id, Timestamp } from './common';
import { safeText } from './text';
import { VideoCard } from './videos';

/** Longest text message, in code points. */
export const MAX_TEXT_LENGTH = 5000;
/** At most this many messages per history page. */
export const MAX_PAGE_SIZE = 100;

/**
 * The client's own id for a message it sends (a UUID or any random token). Resending with the
 * same id returns the first acknowledgement and never makes a second message.
 */
export const ClientMessageId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, {
  message: 'must be 8–64 letters, digits, _ or -',
});

/** Message sequence number within its conversation: 1, 2, 3, … with no gaps. */
export const Seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** Position in the store-wide change stream; a device's sync cursor is one. */
export const Pos = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** What happened, for the centred system lines of a conversation. */
export const SystemEvent = z.discriminatedUnion('type', [
  /** Two people became friends: the first line of their chat. */
  z.object({ type: z.literal('friends.started') }),
  z.object({ type: z.literal('group.created'), actorId: Id, memberIds: z.array(Id) }),
  z.object({ type: z.literal('group.renamed'), actorId: Id, name: z.string() }),
  z.object({ type: z.literal('members.invited'), actorId: Id, memberIds: z.array(Id) }),
  z.object({ type: z.literal('member.removed'), actorId: Id, memberId: Id }),
  z.object({ type: z.literal('member.left'), actorId: Id }),
  z.object({ type: z.literal('owner.transferred'), actorId: Id, ownerId: Id }),
  z.object({ type: z.literal('admin.appointed'), actorId: Id, memberId: Id }),
  z.object({ type: z.literal('admin.dismissed'), actorId: Id, memberId: Id }),
  z.object({ type: z.literal('group.dissolved'), actorId: Id }),
]);
export type SystemEvent = z.infer<typeof SystemEvent>;

/** Largest image upload, in bytes. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/** Pixel sides an image may have (width and height), after the server re-encodes it. */
export const ImageSide = z.number().int().min(1).max(100_000);

/**
 * An image uploaded into a conversation, ready to be sent there. The server serves the
 * re-encoded image at /api/media/images/:imageId and its thumbnail at /api/media/images/:imageId/thumb,
 * both only to members of that conversation.
 *
 * Upload: POST /api/conversations/:conversationId/images, the image itself as the body (type
 * image/png, jpeg, webp, gif, heic or heif; checked by content), by someone who may send there;
 * 201 with this. Serving: GET /api/media/images/:imageId[/thumb] answers 401 UNAUTHENTICATED
 * when signed out and 404 MEDIA_NOT_FOUND to anyone not (or no longer) a member, as for an
 * unknown id, so that nobody learns which images exist.
 */
export const UploadedImage = z.object({
  imageId: Id,
  /** True pixel size of the re-encoded image (after EXIF rotation). */
  width: ImageSide,
  height: ImageSide,
});
export type UploadedImage = z.infer<typeof UploadedImage>;

/** A quote shows at most this many code points of the text it answers. */
export const REPLY_EXCERPT_LENGTH = 100;
/** Longest comment sent with a shared video, in code points. */
export const MAX_VIDEO_COMMENT_LENGTH = 500;

/**
 * Which earlier message of the same conversation a reply answers, by seq rather than message
 * id: a seq is stable and only means something inside its conversation, so a reply can never
 * point into another chat; the server checks it with one look-up by (conversation, seq), the
 * "not before my firstSeq" rule is a comparison of numbers, and a device finds the quoted
 * message in its local store by the key it already stores messages under.
 */
export const ReplyTarget = z.strictObject({ seq: Seq.min(1) });
export type ReplyTarget = z.infer<typeof ReplyTarget>;

/**
 * What a reply stores of the message it answers, taken when it is sent, so that a client can
 * show "replying to …" without fetching it (and even where it lies before what it has loaded):
 * the sender, the kind, and the text's first 100 code points, the image or the video card's id.
 * A reply's own quote is not quoted again.
 */
export const ReplyQuote = z.object({
  seq: Seq,
  senderId: Id.nullable(),
  kind: z.enum(['text', 'image', 'video']),
  /** Text messages: the text's beginning; video messages: their comment's. */
  excerpt: z.string().optional(),
  imageId: Id.optional(),
  videoId: Id.optional(),
});
export type ReplyQuote = z.infer<typeof ReplyQuote>;

const quoted = { replyTo: ReplyQuote.optional() };

/** A message's kind and typed body. Others arrive as new kinds. */
export const MessageContent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string(), ...quoted }),
  z.object({ kind: z.literal('image'), imageId: Id, width: ImageSide, height: ImageSide, ...quoted }),
  /**
   * A video shared into the chat, which lets the chat's members watch it. `card` is the video as
   * it was when shared; `card.available` turns false (and the card is blanked) once its owner
   * deletes it or makes it private.
   */
  z.object({
    kind: z.literal('video'),
    videoId: Id,
    comment: z.string().optional(),
    card: VideoCard,
    ...quoted,
  }),
  z.object({ kind: z.literal('system'), event: SystemEvent }),
  /** A call's line, from its caller, written by the server when the call ends. */
  z.object({ kind: z.literal('call'), call: CallRecord }),
]);
export type MessageContent = z.infer<typeof MessageContent>;
export type MessageKind = MessageContent['kind'];

const replying = { replyTo: ReplyTarget.optional() };

/** The text of a text message, as both sides check it (apps check it before sending). */
export const MessageText = safeText({ min: 1, max: MAX_TEXT_LENGTH, multiline: true });

/** What a client may send: only kinds people write (system lines come from the server). */
export const OutgoingContent = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('text'),
    text: MessageText,
    ...replying,
  }),
  /**
   * An image uploaded to this conversation by the sender. The size is the upload's answer,
   * for the local echo; the server stores the size it measured, whatever is sent here.
   */
  z.strictObject({ kind: z.literal('image'), imageId: Id, width: ImageSide, height: ImageSide, ...replying }),
  /**
   * A video the sender may watch (their own, or one its visibility shows them) and that is
   * ready; the server adds its card.
   */
  z.strictObject({
    kind: z.literal('video'),
    videoId: Id,
    comment: safeText({ min: 1, max: MAX_VIDEO_COMMENT_LENGTH, multiline: true }).optional(),
    ...replying,
  }),
]);
export type OutgoingContent = z.input<typeof OutgoingContent>;

export const Message = z.object({
  id: Id,
  conversationId: Id,
  seq: Seq,
  pos: Pos,
  /** The author; system lines carry the user whose action they report (or null). */
  senderId: Id.nullable(),
  clientId: z.string().nullable(),
  content: MessageContent,
  createdAt: Timestamp,
});
export type Message = z.infer<typeof Message>;

export const SendMessageBody = z.strictObject({
  conversationId: Id,
  clientId: ClientMessageId,
  content: OutgoingContent,
});
export type SendMessageBody = z.input<typeof SendMessageBody>;

/**
 * A page of history, by number: `before` pages backwards from (excluding) a seq, `after`
 * forwards from (excluding) a seq; neither means the newest page.
 */
export const HistoryBody = z
  .strictObject({
    conversationId: Id,
    before: Seq.optional(),
    after: Seq.optional(),
    limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  })
  .refine((b) => b.before === undefined || b.after === undefined, {
    message: 'give before or after, not both',
  });
export type HistoryBody = z.input<typeof HistoryBody>;

export const HistoryResult = z.object({
  messages: z.array(Message),
  /** More messages exist beyond this page in the direction asked. */
  hasMore: z.boolean(),
});
export type HistoryResult = z.infer<typeof HistoryResult>;

export const ReadBody = z.strictObject({ conversationId: Id, seq: Seq });
export type ReadBody = z.input<typeof ReadBody>;

/**
 * "I am typing" in a one-to-one chat, repeated every TYPING_REPEAT_MS while the person types;
 * `stopped` once when they stop (the text emptied, sent, or the chat left), so the other side
 * need not wait TYPING_SHOWN_MS to take the line down.
 */
export const TypingBody = z.strictObject({ conversationId: Id, stopped: z.boolean().optional() });
/** A typing person's client says so again this often, no more. */
export const TYPING_REPEAT_MS = 3000;
/** The other side shows "typing…" this long after the last word of it, unless told it stopped. */
export const TYPING_SHOWN_MS = 6000;

/** At most this many chats in one share (as WeChat's forward). */
export const MAX_SHARE_TARGETS = 9;

/**
 * Shares a video into several chats at once: POST /api/videos/:videoId/share. One video message
 * per chat, each sent with a client id derived from `requestId` and the chat, so repeating the
 * request (after a timeout) makes no second message anywhere.
 */
export const ShareVideoBody = z.strictObject({
  requestId: ClientMessageId.refine((s) => s.length <= 40, { message: 'must be at most 40 characters' }),
  conversationIds: z
    .array(Id)
    .min(1)
    .max(MAX_SHARE_TARGETS)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'must not repeat a chat' }),
  comment: safeText({ min: 1, max: MAX_VIDEO_COMMENT_LENGTH, multiline: true }).optional(),
});
export type ShareVideoBody = z.input<typeof ShareVideoBody>;

/**
 * Per chat, in the order asked: the message sent there, or why that chat refused it (the
 * others are sent all the same, as a forward to nine chats should not fail for one friend who
 * removed you). A video the sharer may not share refuses the whole request instead.
 */
export const ShareVideoResult = z.object({
  results: z.array(
    z.union([
      z.object({ conversationId: Id, message: Message }),
      z.object({ conversationId: Id, error: z.object({ code: z.string(), message: z.string() }) }),
    ]),
  ),
});
export type ShareVideoResult = z.infer<typeof ShareVideoResult>;
