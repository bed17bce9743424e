/** A network-quality mark per person, as a phone's signal bars say it. */
export type Quality = 'good' | 'fair' | 'poor' | 'unknown';

/** What one sample of getStats says about the link. */
export interface LinkSample {
  /** Round trip on the chosen candidate pair, in ms. */
  rttMs: number | null;
  /** Share of packets lost since the last sample (0–1). */
  loss: number | null;
  /** What the sender's congestion control thinks it may send, in kbit/s. */
  availableKbps: number | null;
}

// The thresholds of a conversation that still feels live: past 300 ms people talk over each
// other, past 5 % loss video smears and speech drops syllables. Voice needs far less bitrate
// than video, so bitrate only judges video calls.
const RTT_FAIR_MS = 150;
const RTT_POOR_MS = 300;
const LOSS_FAIR = 0.02;
const LOSS_POOR = 0.05;
const VIDEO_KBPS_FAIR = 500;
const VIDEO_KBPS_POOR = 150;

/** good / fair / poor from one sample; unknown until the link has said anything. */
export function classifyQuality(sample: LinkSample, video: boolean): Quality {
  const { rttMs, loss, availableKbps } = sample;
  if (rttMs === null && loss === null && availableKbps === null) return 'unknown';
  const kbps = video ? availableKbps : null;
  if (
    (rttMs !== null && rttMs > RTT_POOR_MS) ||
    (loss !== null && loss > LOSS_POOR) ||
    (kbps !== null && kbps < VIDEO_KBPS_POOR)
  ) {
    return 'poor';
  }
  if (
    (rttMs !== null && rttMs > RTT_FAIR_MS) ||
    (loss !== null && loss > LOSS_FAIR) ||
    (kbps !== null && kbps < VIDEO_KBPS_FAIR)
  ) {
    return 'fair';
  }
  return 'good';
}

/** Running packet counts, to turn the totals getStats gives into the loss since last time. */
export interface PacketCounts {
  received: number;
  lost: number;
}

/** One stats entry, as much of RTCStats as is read here. */
export type StatsEntry = Record<string, unknown> & { type: string };

const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/** Audio louder than this (0–1, getStats' audioLevel) counts as talking. */
const SPEAKING_LEVEL = 0.03;

export interface StatsReading {
  sample: LinkSample;
  counts: PacketCounts;
  speaking: { local: boolean; remote: boolean };
}

/** Reads a getStats report: the link's sample, the new packet totals, and who talks. */
export function readStats(entries: Iterable<StatsEntry>, previous: PacketCounts | null): StatsReading {
  let rttMs: number | null = null;
  let availableKbps: number | null = null;
  const counts: PacketCounts = { received: 0, lost: 0 };
  let remoteLevel = 0;
  let localLevel = 0;
  for (const entry of entries) {
    if (entry.type === 'candidate-pair' && entry.nominated === true && entry.state === 'succeeded') {
      const rtt = num(entry.currentRoundTripTime);
      if (rtt !== null) rttMs = rtt * 1000;
      const bitrate = num(entry.availableOutgoingBitrate);
      if (bitrate !== null) availableKbps = bitrate / 1000;
    } else if (entry.type === 'inbound-rtp') {
      counts.received += num(entry.packetsReceived) ?? 0;
      counts.lost += Math.max(0, num(entry.packetsLost) ?? 0);
      if (entry.kind === 'audio') remoteLevel = Math.max(remoteLevel, num(entry.audioLevel) ?? 0);
    } else if (entry.type === 'media-source' && entry.kind === 'audio') {
      localLevel = Math.max(localLevel, num(entry.audioLevel) ?? 0);
    }
  }
  let loss: number | null = null;
  if (previous) {
    const received = counts.received - previous.received;
    const lost = counts.lost - previous.lost;
    if (received + lost > 0) loss = Math.max(0, lost) / (received + Math.max(0, lost));
  }
  return {
    sample: { rttMs, loss, availableKbps },
    counts,
    speaking: { local: localLevel > SPEAKING_LEVEL, remote: remoteLevel > SPEAKING_LEVEL },
  };
}
