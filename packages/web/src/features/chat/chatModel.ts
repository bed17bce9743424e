import type { TimelineItem } from '@liao/client';
import type {
  CallRecord,
  Conversation,
  Message,
  MessageContent,
  OutgoingContent,
  SystemEvent,
  VideoCard,
} from '@liao/protocol';
import { daysBefore } from './chatTime';
import type { PendingUpload } from './uploadsSlice';

/** A gap between messages longer than this gets a time divider, as in WeChat. */
export const DIVIDER_GAP_MS = 5 * 60_000;
/** The key of the "new messages" line, for the pane to find and start at. */
export const UNREAD_MARKER_KEY = 'unread-marker';

export type SendState = 'sent' | 'sending' | 'failed';

/** An image in a chat: where its thumbnail and full picture are, and its true size. */
export interface ChatImage {
  /** The line it is on (the viewer steps through the chat's images by line). */
  key: string;
  thumbUrl: string;
  fullUrl: string;
  width: number;
  height: number;
}

/** A video shared into the chat: its card (null on my own echo until the server adds it) and the comment sent with it. */
export interface ChatVideo {
  videoId: string;
  card: VideoCard | null;
  comment: string;
}

/** What a message shows: its text, an image, or a video card. */
export type MessageBody =
  | { kind: 'text'; text: string }
  | { kind: 'image'; image: ChatImage }
  | { kind: 'video'; video: ChatVideo }
  /** A call's line (written by the server when the call ended). */
  | { kind: 'call'; call: CallRecord };

/**
 * The message a reply answers, as its bubble quotes it. The server's stored quote names the
 * sender and kind even when the original is not loaded; the video's caption and whether it is
 * still available come from the original when it is (the stored quote keeps only its id).
 */
export interface ChatQuote {
  seq: number;
  /** Null when unknown: my own unsent reply to a message no longer loaded. */
  senderId: string | null;
  kind: 'text' | 'image' | 'video' | 'unknown';
  /** The text's beginning; for a video, its comment's. */
  excerpt: string;
  /** The quoted video card's caption, when the original is loaded and still available. */
  caption: string | null;
  /** False once the quoted video was deleted or made private. */
  available: boolean;
}

/** One line of the chat pane, ready to draw. */
export type ChatLine =
  | { type: 'divider'; key: string; at: number }
  | { type: 'unread'; key: string }
  | { type: 'system'; key: string; event: SystemEvent; actorId: string | null }
  | {
      type: 'message';
      key: string;
      own: boolean;
      senderId: string | null;
      body: MessageBody;
      /** Its place in the chat (what a reply names); null until the server has it. */
      seq: number | null;
      /** The message this one answers. */
      quote: ChatQuote | null;
      at: number;
      state: SendState;
      /** The outbox id of an unsent own message (for retry). */
      clientId: string | null;
      /** An image still uploading from this device (its progress, or the id to retry it). */
      upload: { localId: string; progress: number } | null;
      /** The first of a run by the same sender: the avatar shows here. */
      groupStart: boolean;
      /** Under the own last message of a one-to-one chat: whether the other side read it. */
      receipt: 'read' | 'unread' | null;
    };

export type MessageLine = Extract<ChatLine, { type: 'message' }>;

export interface ChatLineOptions {
  /**
   * The read mark when the chat was opened: a "new messages" line goes above the first later
   * message from someone else, never above a system line. Shown only when the lines reach back
   * to that mark, so that the line never claims a place it cannot prove.
   */
  unreadAfterSeq?: number | null;
  /** Images this device is still uploading to the chat: own bubbles after everything else. */
  uploads?: readonly PendingUpload[];
  /**
   * Whether the items begin at the chat's first message (default true). When older ones may
   * follow, the first item is not drawn: it only tells whether the next one starts a sender's
   * run or needs a divider, so that loading older pages never changes rows already drawn.
   */
  fromStart?: boolean;
}

/** Where the server serves an uploaded image and its thumbnail (members of the chat only). */
export function imageUrls(imageId: string): { thumbUrl: string; fullUrl: string } {
  const fullUrl = `/api/media/images/${encodeURIComponent(imageId)}`;
  return { thumbUrl: `${fullUrl}/thumb`, fullUrl };
}

/** Thumbnails fit in this square, keeping their shape, as in WeChat. */
export const IMAGE_BOX_MAX = 240;
/** No side shorter than this, so a tiny or a very long picture is still something to click. */
export const IMAGE_BOX_MIN = 60;

/** The size a thumbnail takes in the chat, known before it loads (no jump when it arrives). */
export function imageBox(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(IMAGE_BOX_MAX / width, IMAGE_BOX_MAX / height, 1);
  const side = (n: number) => Math.min(IMAGE_BOX_MAX, Math.max(IMAGE_BOX_MIN, Math.round(n * scale)));
  return { width: side(width), height: side(height) };
}

/** Video cards fit in this square, keeping their shape (a little larger than pictures: they play). */
export const VIDEO_BOX_MAX = 280;
/** A card whose size is unknown (sending, or no longer available) takes this 16:9 box. */
const VIDEO_BOX_FALLBACK = { width: 240, height: 135 };

/** The size a video card takes, reserved before its poster loads. */
export function videoBox(width: number, height: number): { width: number; height: number } {
  if (width <= 0 || height <= 0) return VIDEO_BOX_FALLBACK;
  const scale = Math.min(VIDEO_BOX_MAX / width, VIDEO_BOX_MAX / height);
  const side = (n: number) => Math.min(VIDEO_BOX_MAX, Math.max(IMAGE_BOX_MIN * 2, Math.round(n * scale)));
  return { width: side(width), height: side(height) };
}

// An echo's content is what was sent (a reply names its seq; the stored message, its quote).
function bodyOf(content: MessageContent | OutgoingContent, key: string): MessageBody {
  if (content.kind === 'call') return { kind: 'call', call: content.call };
  if (content.kind === 'image') {
    const image = { key, ...imageUrls(content.imageId), width: content.width, height: content.height };
    return { kind: 'image', image };
  }
  if (content.kind === 'video') {
    const card = 'card' in content ? content.card : null;
    return { kind: 'video', video: { videoId: content.videoId, card, comment: content.comment ?? '' } };
  }
  return { kind: 'text', text: content.kind === 'text' ? content.text : '' };
}

/**
 * The quote a message shows: from the server's stored quote, or (my unsent echo names only a
 * seq) from the original when it is loaded; a video's caption from the loaded original.
 */
function quoteOf(
  content: MessageContent | OutgoingContent,
  bySeq: ReadonlyMap<number, Message>,
): ChatQuote | null {
  if (content.kind === 'system' || content.kind === 'call' || !content.replyTo) return null;
  const { seq } = content.replyTo;
  const original = bySeq.get(seq);
  const stored = 'senderId' in content.replyTo ? content.replyTo : null;
  const loaded = original ? quoteOfMessage(original) : null;
  if (stored) {
    const quote: ChatQuote = {
      seq,
      senderId: stored.senderId,
      kind: stored.kind,
      excerpt: stored.excerpt ?? '',
      caption: null,
      available: true,
    };
    return loaded?.kind === 'video'
      ? { ...quote, caption: loaded.caption, available: loaded.available }
      : quote;
  }
  return loaded ?? { seq, senderId: null, kind: 'unknown', excerpt: '', caption: null, available: true };
}

/** How a loaded message is quoted by a reply to it (also what the composer's reply bar shows). */
export function quoteOfMessage(message: Pick<Message, 'seq' | 'senderId' | 'content'>): ChatQuote | null {
  const { content, seq, senderId } = message;
  const base = { seq, senderId, caption: null, available: true };
  switch (content.kind) {
    case 'text':
      return { ...base, kind: 'text', excerpt: content.text };
    case 'image':
      return { ...base, kind: 'image', excerpt: '' };
    case 'video':
      return {
        ...base,
        kind: 'video',
        excerpt: content.comment ?? '',
        caption: content.card.available ? content.card.caption : null,
        available: content.card.available,
      };
    case 'system':
    case 'call':
      return null;
  }
}

/** Whether a divider goes between two moments: after a gap, or when the day changes. */
function needsDivider(previous: number | null, at: number): boolean {
  return previous === null || at - previous > DIVIDER_GAP_MS || daysBefore(previous, at) !== 0;
}

/**
 * Turns a timeline into the pane's lines: time dividers after gaps and at each new day, runs by
 * the same sender, the "new messages" line, the read receipt under my newest sent message in a
 * one-to-one chat, and my uploads in progress at the end.
 */
export function buildChatLines(
  items: readonly TimelineItem[],
  meId: string,
  conversation: Pick<Conversation, 'kind' | 'peerReadSeq'> | undefined,
  options: ChatLineOptions = {},
): ChatLine[] {
  const lines: ChatLine[] = [];
  let lastAt: number | null = null;
  let lastSender: string | null | undefined;
  let lastOwnSent = -1;
  let lastOwnSeq = 0;
  const mark = options.unreadAfterSeq ?? null;
  const oldestSeq = items.find((i) => i.kind === 'message')?.message.seq;
  let markerDue = mark !== null && oldestSeq !== undefined && oldestSeq <= mark + 1;

  const bySeq = new Map<number, Message>();
  for (const item of items) if (item.kind === 'message') bySeq.set(item.message.seq, item.message);

  const context = options.fromStart === false ? items[0] : undefined;
  for (const item of items) {
    const at = item.kind === 'message' ? item.message.createdAt : item.item.createdAt;
    if (item === context) {
      // Its "new messages" line could not be drawn above it: no line rather than a wrong one.
      if (item.kind === 'message' && mark !== null && item.message.seq > mark) markerDue = false;
      lastAt = at;
      lastSender =
        item.kind === 'message' && item.message.content.kind !== 'system' ? item.message.senderId : undefined;
      continue;
    }
    if (needsDivider(lastAt, at)) {
      lines.push({ type: 'divider', key: `divider-${item.key}`, at });
      lastSender = undefined;
    }
    lastAt = at;
    const senderId = item.kind === 'message' ? item.message.senderId : meId;
    const system = item.kind === 'message' && item.message.content.kind === 'system';
    // As the server counts unread (conversations/unread.ts): my own messages and system lines
    // are never news, so the line goes above the first message someone else wrote.
    if (
      markerDue &&
      item.kind === 'message' &&
      item.message.seq > (mark ?? 0) &&
      senderId !== meId &&
      !system
    ) {
      lines.push({ type: 'unread', key: UNREAD_MARKER_KEY });
      markerDue = false;
      lastSender = undefined;
    }
    if (item.kind === 'message' && item.message.content.kind === 'system') {
      lines.push({ type: 'system', key: item.key, event: item.message.content.event, actorId: senderId });
      lastSender = undefined;
      continue;
    }
    const own = senderId === meId;
    const content = item.kind === 'message' ? item.message.content : item.item.content;
    lines.push({
      type: 'message',
      key: item.key,
      own,
      senderId,
      body: bodyOf(content, item.key),
      seq: item.kind === 'message' ? item.message.seq : null,
      quote: quoteOf(content, bySeq),
      at,
      state: item.kind === 'message' ? 'sent' : item.item.state,
      clientId: item.kind === 'echo' ? item.item.clientId : null,
      upload: null,
      groupStart: lastSender !== senderId,
      receipt: null,
    });
    lastSender = senderId;
    if (own && item.kind === 'message') {
      lastOwnSent = lines.length - 1;
      lastOwnSeq = item.message.seq;
    }
  }

  const last = lines[lastOwnSent];
  if (conversation?.kind === 'direct' && last?.type === 'message') {
    lines[lastOwnSent] = {
      ...last,
      receipt: (conversation.peerReadSeq ?? 0) >= lastOwnSeq ? 'read' : 'unread',
    };
  }

  for (const upload of options.uploads ?? []) {
    if (needsDivider(lastAt, upload.createdAt)) {
      lines.push({ type: 'divider', key: `divider-${upload.localId}`, at: upload.createdAt });
      lastSender = undefined;
    }
    lastAt = upload.createdAt;
    const image = {
      key: upload.localId,
      thumbUrl: upload.previewUrl,
      fullUrl: upload.previewUrl,
      width: upload.width,
      height: upload.height,
    };
    lines.push({
      type: 'message',
      key: upload.localId,
      own: true,
      senderId: meId,
      body: { kind: 'image', image },
      seq: null,
      quote: null,
      at: upload.createdAt,
      state: upload.state === 'failed' ? 'failed' : 'sending',
      clientId: null,
      upload: { localId: upload.localId, progress: upload.progress },
      groupStart: lastSender !== meId,
      receipt: null,
    });
    lastSender = meId;
  }
  return lines;
}

/** The chat's images in order, for the viewer's previous and next. */
export function collectImages(lines: readonly ChatLine[]): ChatImage[] {
  const images: ChatImage[] = [];
  for (const line of lines) {
    if (line.type === 'message' && line.body.kind === 'image') images.push(line.body.image);
  }
  return images;
}

/** How a reply to this line quotes it (the composer's reply bar); null for what cannot be answered yet. */
export function quoteOfLine(line: MessageLine): ChatQuote | null {
  if (line.seq === null) return null;
  const base = { seq: line.seq, senderId: line.senderId, caption: null, available: true };
  switch (line.body.kind) {
    case 'text':
      return { ...base, kind: 'text', excerpt: line.body.text };
    case 'image':
      return { ...base, kind: 'image', excerpt: '' };
    case 'video': {
      const { card, comment } = line.body.video;
      const available = card?.available ?? true;
      return {
        ...base,
        kind: 'video',
        excerpt: comment,
        caption: available ? (card?.caption ?? null) : null,
        available,
      };
    }
    // A call's line is not something a person said.
    case 'call':
      return null;
  }
}
