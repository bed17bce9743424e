import type { OutboxItem, TimelineItem } from '@liao/client';
import type { Message, VideoCard } from '@liao/protocol';
import { describe, expect, it } from 'vitest';
import {
  buildChatLines,
  type ChatLine,
  collectImages,
  DIVIDER_GAP_MS,
  IMAGE_BOX_MAX,
  IMAGE_BOX_MIN,
  imageBox,
  type MessageLine,
  quoteOfLine,
  UNREAD_MARKER_KEY,
  VIDEO_BOX_MAX,
  videoBox,
} from './chatModel';
import type { PendingUpload } from './uploadsSlice';

const ME = '01964f5e-8b1c-7a2b-9c3d-000000000001';
const PEER = '01964f5e-8b1c-7a2b-9c3d-000000000002';
const CONV = '01964f5e-8b1c-7a2b-9c3d-0000000000cc';

function text(seq: number, senderId: string, at: number): TimelineItem {
  return item(seq, senderId, at, { kind: 'text', text: `m${seq}` });
}

function image(seq: number, senderId: string, at: number, width = 800, height = 600): TimelineItem {
  return item(seq, senderId, at, { kind: 'image', imageId: `${CONV.slice(0, -2)}${seq}`, width, height });
}

function item(seq: number, senderId: string | null, at: number, content: Message['content']): TimelineItem {
  const message: Message = {
    id: `01964f5e-8b1c-7a2b-9c3d-${seq.toString(16).padStart(12, '0')}`,
    conversationId: CONV,
    seq,
    pos: seq,
    senderId,
    clientId: null,
    content,
    createdAt: at,
  };
  return { kind: 'message', key: message.id, message };
}

/** A line in a few characters: a message's text (or "img"), * where a sender's run starts. */
function show(line: ChatLine): string {
  if (line.type !== 'message') return line.type;
  return `${line.body.kind === 'text' ? line.body.text : 'img'}${line.groupStart ? '*' : ''}`;
}

const DIRECT = { kind: 'direct', peerReadSeq: 0 } as const;
// A local moment (dividers follow the device's days): 20 May 2026, 10:00.
const T0 = new Date(2026, 4, 20, 10, 0).getTime();

describe('buildChatLines', () => {
  it('groups runs by sender and puts a time divider after a five-minute gap', () => {
    const lines = buildChatLines(
      [text(1, PEER, 0), text(2, PEER, 1000), text(3, ME, 2000), text(4, ME, 2000 + DIVIDER_GAP_MS + 1)],
      ME,
      { kind: 'direct', peerReadSeq: 0 },
    );
    expect(lines.map(show)).toEqual(['divider', 'm1*', 'm2', 'm3*', 'divider', 'm4*']);
  });

  it('shows read under my last message once the peer read up to it, sent before', () => {
    const items = [text(1, ME, 0), text(2, ME, 10)];
    const receipts = (peerReadSeq: number) =>
      buildChatLines(items, ME, { kind: 'direct', peerReadSeq }).map((l) =>
        l.type === 'message' ? l.receipt : '-',
      );
    expect(receipts(1)).toEqual(['-', null, 'unread']);
    expect(receipts(2)).toEqual(['-', null, 'read']);
    expect(
      buildChatLines(items, ME, { kind: 'group', peerReadSeq: null }).some(
        (l) => l.type === 'message' && l.receipt,
      ),
    ).toBe(false);
  });
});

describe('chat lines: days, the unread line and images', () => {
  it('puts a divider where the day changes, even within five minutes', () => {
    const beforeMidnight = new Date(2026, 4, 20, 23, 58).getTime();
    const lines = buildChatLines(
      [text(1, PEER, beforeMidnight), text(2, PEER, beforeMidnight + 3 * 60_000)],
      ME,
      DIRECT,
    );
    expect(lines.map(show)).toEqual(['divider', 'm1*', 'divider', 'm2*']);
  });

  it('draws "new messages" above the first later message from someone else, and starts a new run there', () => {
    const items = [text(1, PEER, T0), text(2, PEER, T0 + 1), text(3, ME, T0 + 2), text(4, PEER, T0 + 3)];
    const lines = buildChatLines(items, ME, DIRECT, { unreadAfterSeq: 1 });
    expect(lines.map(show)).toEqual(['divider', 'm1*', 'unread', 'm2*', 'm3*', 'm4*']);
    expect(lines.find((l) => l.type === 'unread')?.key).toBe(UNREAD_MARKER_KEY);
    // My own messages after the mark are not news to me.
    const mine = buildChatLines(items, ME, DIRECT, { unreadAfterSeq: 2 });
    expect(mine.map(show)).toEqual(['divider', 'm1*', 'm2', 'm3*', 'unread', 'm4*']);
  });

  it('[#7] never draws "new messages" above a system line: the one who asked, in the chat with a new friend', () => {
    // My greeting (seq 1, read by sending it), then the server's 你们已成为好友 (seq 2).
    const started = item(2, null, T0 + 1, { kind: 'system', event: { type: 'friends.started' } });
    const lines = buildChatLines([text(1, ME, T0), started], ME, DIRECT, { unreadAfterSeq: 1 });
    expect(lines.map(show)).toEqual(['divider', 'm1*', 'system']);
    // In a group, lines about its members and name are not news either; the next message from
    // someone else is, and the line goes above it.
    const renamed = item(2, PEER, T0 + 1, {
      kind: 'system',
      event: { type: 'group.renamed', actorId: PEER, name: '周末爬山' },
    });
    const group = [text(1, PEER, T0), renamed, text(3, ME, T0 + 2), text(4, PEER, T0 + 3)];
    const inGroup = buildChatLines(group, ME, { kind: 'group', peerReadSeq: null }, { unreadAfterSeq: 1 });
    expect(inGroup.map(show)).toEqual(['divider', 'm1*', 'system', 'm3*', 'unread', 'm4*']);
  });

  it('draws no unread line when nothing is unread, or when the lines do not reach back to the mark', () => {
    const items = [text(5, PEER, T0), text(6, PEER, T0 + 1)];
    const marks = (unreadAfterSeq: number | null) =>
      buildChatLines(items, ME, DIRECT, { unreadAfterSeq }).some((l) => l.type === 'unread');
    expect(marks(null)).toBe(false);
    expect(marks(6)).toBe(false);
    // Seq 4 is unread too but not loaded: the line would sit in the wrong place.
    expect(marks(3)).toBe(false);
    // The mark is just below the oldest loaded: seq 5 is the first unread, provably.
    expect(marks(4)).toBe(true);
  });

  it('draws the first item of a window that older pages may join only as context', () => {
    const items = [text(1, PEER, T0), text(2, PEER, T0 + 1), text(3, ME, T0 + 2)];
    const partial = buildChatLines(items, ME, DIRECT, { fromStart: false });
    // m2 continues m1's run and needs no divider: as it will be drawn once m1 is.
    expect(partial.map(show)).toEqual(['m2', 'm3*']);
    const whole = buildChatLines(items, ME, DIRECT, { fromStart: true });
    expect(whole.map(show)).toEqual(['divider', 'm1*', 'm2', 'm3*']);
    expect(whole.slice(2)).toEqual(partial);
  });

  it('shows image messages with their server URLs and true size, and lists them for the viewer', () => {
    const lines = buildChatLines(
      [image(1, PEER, T0, 1200, 900), text(2, PEER, T0 + 1), image(3, ME, T0 + 2)],
      ME,
      DIRECT,
    );
    expect(lines.map(show)).toEqual(['divider', 'img*', 'm2', 'img*']);
    const images = collectImages(lines);
    expect(images).toHaveLength(2);
    const first = images[0];
    expect(first?.width).toBe(1200);
    expect(first?.height).toBe(900);
    expect(first?.thumbUrl).toMatch(/^\/api\/media\/images\/[0-9a-f-]+\/thumb$/);
    expect(first?.fullUrl).toBe(first?.thumbUrl.replace(/\/thumb$/, ''));
  });

  it('ends with my uploads in progress as own image bubbles, failed ones marked failed', () => {
    const upload = (localId: string, state: PendingUpload['state']): PendingUpload => ({
      localId,
      conversationId: CONV,
      previewUrl: `blob:${localId}`,
      width: 300,
      height: 200,
      progress: 0.5,
      state,
      createdAt: T0 + 10,
    });
    const lines = buildChatLines([text(1, PEER, T0)], ME, DIRECT, {
      uploads: [upload('u1', 'uploading'), upload('u2', 'failed')],
    });
    expect(lines.map(show)).toEqual(['divider', 'm1*', 'img*', 'img']);
    const [, , first, second] = lines;
    expect(first?.type === 'message' && first.own && first.state).toBe('sending');
    expect(first?.type === 'message' && first.upload).toEqual({ localId: 'u1', progress: 0.5 });
    expect(second?.type === 'message' && second.state).toBe('failed');
    expect(collectImages(lines).map((i) => i.fullUrl)).toEqual(['blob:u1', 'blob:u2']);
  });
});

describe('imageBox', () => {
  it('fits a picture in the square keeping its shape, and never enlarges a small one', () => {
    expect(imageBox(1200, 900)).toEqual({ width: IMAGE_BOX_MAX, height: 180 });
    expect(imageBox(900, 1200)).toEqual({ width: 180, height: IMAGE_BOX_MAX });
    expect(imageBox(100, 80)).toEqual({ width: 100, height: 80 });
  });

  it('keeps tiny and very long pictures big enough to see and click', () => {
    expect(imageBox(8, 8)).toEqual({ width: IMAGE_BOX_MIN, height: IMAGE_BOX_MIN });
    expect(imageBox(100, 10_000)).toEqual({ width: IMAGE_BOX_MIN, height: IMAGE_BOX_MAX });
    expect(imageBox(10_000, 100)).toEqual({ width: IMAGE_BOX_MAX, height: IMAGE_BOX_MIN });
  });
});

const VIDEO_ID = '01964f5e-8b1c-7a2b-9c3d-0000000000dd';

function videoCard(fields: Partial<VideoCard> = {}): VideoCard {
  return {
    id: VIDEO_ID,
    ownerId: PEER,
    caption: '海边日落',
    durationMs: 5000,
    width: 1080,
    height: 1920,
    posterUrl: `/api/media/videos/${VIDEO_ID}/poster`,
    previewUrl: `/api/media/videos/${VIDEO_ID}/preview`,
    streamUrl: `/api/media/videos/${VIDEO_ID}/stream`,
    available: true,
    ...fields,
  };
}

const GONE: Partial<VideoCard> = {
  caption: '',
  durationMs: 0,
  width: 0,
  height: 0,
  posterUrl: null,
  previewUrl: null,
  streamUrl: null,
  available: false,
};

function echo(clientId: string, content: OutboxItem['content'], at: number): TimelineItem {
  return {
    kind: 'echo',
    key: clientId,
    item: { clientId, conversationId: CONV, content, createdAt: at, order: at, state: 'sending' },
  };
}

function messageLines(lines: ChatLine[]): MessageLine[] {
  return lines.filter((l): l is MessageLine => l.type === 'message');
}

describe('video lines', () => {
  it('carry the card and the comment; my unsent echo has no card yet', () => {
    const lines = messageLines(
      buildChatLines(
        [
          item(1, PEER, T0, { kind: 'video', videoId: VIDEO_ID, comment: '看这个', card: videoCard() }),
          echo('c-video-1', { kind: 'video', videoId: VIDEO_ID }, T0 + 1000),
        ],
        ME,
        DIRECT,
      ),
    );
    expect(lines.map((l) => l.body)).toEqual([
      { kind: 'video', video: { videoId: VIDEO_ID, card: videoCard(), comment: '看这个' } },
      { kind: 'video', video: { videoId: VIDEO_ID, card: null, comment: '' } },
    ]);
    expect(lines.map((l) => l.seq)).toEqual([1, null]);
  });

  it('reserve the video shape within the cap, and a 16:9 box when the size is unknown', () => {
    expect(videoBox(1080, 1920)).toEqual({ width: 158, height: VIDEO_BOX_MAX });
    expect(videoBox(1920, 1080)).toEqual({ width: VIDEO_BOX_MAX, height: 158 });
    expect(videoBox(0, 0)).toEqual({ width: 240, height: 135 });
  });
});

describe('reply quotes', () => {
  it('come from the stored quote even when the original is not loaded', () => {
    const [line] = messageLines(
      buildChatLines(
        [
          item(40, ME, T0, {
            kind: 'text',
            text: '同意',
            replyTo: { seq: 3, senderId: PEER, kind: 'text', excerpt: '明天去爬山吗' },
          }),
        ],
        ME,
        DIRECT,
      ),
    );
    expect(line?.quote).toEqual({
      seq: 3,
      senderId: PEER,
      kind: 'text',
      excerpt: '明天去爬山吗',
      caption: null,
      available: true,
    });
  });

  it("take a quoted video's caption from the loaded original, and say when it is no longer available", () => {
    const reply = (seq: number): TimelineItem =>
      item(seq, ME, T0 + seq, {
        kind: 'text',
        text: '好看',
        replyTo: { seq: 1, senderId: PEER, kind: 'video', excerpt: '看这个', videoId: VIDEO_ID },
      });
    const shared = (card: VideoCard) =>
      item(1, PEER, T0, { kind: 'video', videoId: VIDEO_ID, comment: '看这个', card });

    const live = messageLines(buildChatLines([shared(videoCard()), reply(2)], ME, DIRECT));
    expect(live[1]?.quote).toMatchObject({
      kind: 'video',
      caption: '海边日落',
      excerpt: '看这个',
      available: true,
    });

    const gone = messageLines(buildChatLines([shared(videoCard(GONE)), reply(2)], ME, DIRECT));
    expect(gone[1]?.quote).toMatchObject({ kind: 'video', caption: null, available: false });

    // Not loaded: the stored quote says only that it was a video, with its comment.
    const alone = messageLines(buildChatLines([reply(2)], ME, DIRECT));
    expect(alone[0]?.quote).toMatchObject({
      kind: 'video',
      caption: null,
      excerpt: '看这个',
      available: true,
    });
  });

  it('on my unsent reply (a seq only) come from the loaded original, or say nothing of what it was', () => {
    const lines = messageLines(
      buildChatLines(
        [
          image(5, PEER, T0),
          echo('c-reply-1', { kind: 'text', text: '哪里拍的', replyTo: { seq: 5 } }, T0 + 1),
          echo('c-reply-2', { kind: 'text', text: '还有这个', replyTo: { seq: 2 } }, T0 + 2),
        ],
        ME,
        DIRECT,
      ),
    );
    expect(lines[1]?.quote).toEqual({
      seq: 5,
      senderId: PEER,
      kind: 'image',
      excerpt: '',
      caption: null,
      available: true,
    });
    expect(lines[2]?.quote).toMatchObject({ seq: 2, senderId: null, kind: 'unknown' });
  });

  it('of a line: what the reply bar shows; nothing to answer before the server numbered it', () => {
    const lines = messageLines(
      buildChatLines(
        [
          item(7, PEER, T0, { kind: 'video', videoId: VIDEO_ID, card: videoCard() }),
          item(8, PEER, T0 + 1, { kind: 'video', videoId: VIDEO_ID, card: videoCard(GONE) }),
          echo('c-unsent', { kind: 'text', text: 'x' }, T0 + 2),
        ],
        ME,
        DIRECT,
      ),
    );
    const [ready, gone, unsent] = lines.map((l) => quoteOfLine(l));
    expect(ready).toEqual({
      seq: 7,
      senderId: PEER,
      kind: 'video',
      excerpt: '',
      caption: '海边日落',
      available: true,
    });
    expect(gone).toMatchObject({ seq: 8, kind: 'video', caption: null, available: false });
    expect(unsent).toBeNull();
    // A line that is not a reply has no quote.
    expect(lines[0]?.quote).toBeNull();
  });
});
