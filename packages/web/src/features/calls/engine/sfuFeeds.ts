import { classifyQuality, type Quality, type StatsEntry } from './quality';

/** One other participant's media in a group call, as the SFU forwards it. */
export interface RemoteFeed {
  /** The sending participant's sessionId: the msid stream id the server puts on its tracks. */
  sessionId: string;
  stream: MediaStream;
  speaking: boolean;
  quality: Quality;
}

/** Audio louder than this (0–1, getStats' audioLevel) counts as talking (as in quality.ts). */
const SPEAKING_LEVEL = 0.03;

/** The tracks a roster needs: an id and a kind (a fake one in tests). */
export interface TrackLike {
  id: string;
  kind: string;
}

/**
 * Which participant each incoming track belongs to. The server names the sender in the SDP
 * (stream id = sessionId), so a track is filed under its stream's id when it arrives and
 * dropped when a renegotiation removes it; a participant with no track left has no feed.
 */
export class FeedRoster<T extends TrackLike = MediaStreamTrack> {
  private readonly bySession = new Map<string, T[]>();
  private readonly owner = new Map<string, string>();

  add(streamId: string, track: T): void {
    const had = this.owner.get(track.id);
    if (had === streamId) return;
    if (had) this.remove(track);
    this.owner.set(track.id, streamId);
    this.bySession.set(streamId, [...(this.bySession.get(streamId) ?? []), track]);
  }

  remove(track: T): void {
    const sessionId = this.owner.get(track.id);
    if (!sessionId) return;
    this.owner.delete(track.id);
    const left = (this.bySession.get(sessionId) ?? []).filter((t) => t.id !== track.id);
    if (left.length > 0) this.bySession.set(sessionId, left);
    else this.bySession.delete(sessionId);
  }

  /** The participant a received track comes from (getStats' trackIdentifier), if known. */
  sessionOf(trackId: string): string | null {
    return this.owner.get(trackId) ?? null;
  }

  sessions(): string[] {
    return [...this.bySession.keys()];
  }

  tracks(sessionId: string): T[] {
    return this.bySession.get(sessionId) ?? [];
  }
}

/** Per participant: whether they talk, and the loss on their tracks since the last sample. */
export interface FeedStats {
  speaking: Map<string, boolean>;
  quality: Map<string, Quality>;
  counts: Map<string, { received: number; lost: number }>;
}

/**
 * Reads the receivers' entries of a getStats report per participant: audio level (who talks)
 * and packet loss (their mark). The round trip is the one link to the server, shared by all.
 */
export function readFeedStats(
  entries: Iterable<StatsEntry>,
  sessionOf: (trackId: string) => string | null,
  previous: FeedStats['counts'],
  rttMs: number | null,
): FeedStats {
  const speaking = new Map<string, boolean>();
  const counts = new Map<string, { received: number; lost: number }>();
  for (const entry of entries) {
    if (entry.type !== 'inbound-rtp' || typeof entry.trackIdentifier !== 'string') continue;
    const sessionId = sessionOf(entry.trackIdentifier);
    if (!sessionId) continue;
    const level = typeof entry.audioLevel === 'number' ? entry.audioLevel : 0;
    if (entry.kind === 'audio')
      speaking.set(sessionId, (speaking.get(sessionId) ?? false) || level > SPEAKING_LEVEL);
    const count = counts.get(sessionId) ?? { received: 0, lost: 0 };
    count.received += typeof entry.packetsReceived === 'number' ? entry.packetsReceived : 0;
    count.lost += Math.max(0, typeof entry.packetsLost === 'number' ? entry.packetsLost : 0);
    counts.set(sessionId, count);
  }
  const quality = new Map<string, Quality>();
  for (const [sessionId, count] of counts) {
    const before = previous.get(sessionId);
    let loss: number | null = null;
    if (before) {
      const received = count.received - before.received;
      const lost = Math.max(0, count.lost - before.lost);
      if (received + lost > 0) loss = lost / (received + lost);
    }
    quality.set(sessionId, classifyQuality({ rttMs, loss, availableKbps: null }, false));
  }
  return { speaking, quality, counts };
}
