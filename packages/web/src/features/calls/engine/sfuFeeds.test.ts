import { describe, expect, it } from 'vitest';
import { FeedRoster, readFeedStats } from './sfuFeeds';

const A = 'session-a';
const B = 'session-b';
const track = (id: string, kind = 'video') => ({ id, kind });

describe('which participant a track from the SFU belongs to', () => {
  it('files each track under its stream id (the sender) and drops a participant with no track left', () => {
    const roster = new FeedRoster<{ id: string; kind: string }>();
    const aAudio = track('a1', 'audio');
    const aVideo = track('a2');
    const bVideo = track('b1');
    roster.add(A, aAudio);
    roster.add(A, aVideo);
    roster.add(B, bVideo);
    expect(roster.sessions()).toEqual([A, B]);
    expect(roster.tracks(A).map((t) => t.id)).toEqual(['a1', 'a2']);
    expect(roster.sessionOf('b1')).toBe(B);

    // The same track again (a renegotiation fires ontrack anew) is not filed twice.
    roster.add(A, aVideo);
    expect(roster.tracks(A)).toHaveLength(2);

    roster.remove(bVideo);
    expect(roster.sessions()).toEqual([A]);
    expect(roster.sessionOf('b1')).toBeNull();
    roster.remove(aAudio);
    expect(roster.tracks(A).map((t) => t.id)).toEqual(['a2']);
    roster.remove(aVideo);
    expect(roster.sessions()).toEqual([]);
  });

  it('reads who talks and the loss per participant from the receivers’ stats', () => {
    const sessionOf = (id: string) => ({ a1: A, a2: A, b1: B })[id] ?? null;
    const first = readFeedStats(
      [
        {
          type: 'inbound-rtp',
          kind: 'audio',
          trackIdentifier: 'a1',
          audioLevel: 0.2,
          packetsReceived: 100,
          packetsLost: 0,
        },
        { type: 'inbound-rtp', kind: 'video', trackIdentifier: 'a2', packetsReceived: 100, packetsLost: 0 },
        {
          type: 'inbound-rtp',
          kind: 'audio',
          trackIdentifier: 'b1',
          audioLevel: 0.001,
          packetsReceived: 100,
          packetsLost: 0,
        },
        { type: 'inbound-rtp', kind: 'audio', trackIdentifier: 'unknown', audioLevel: 0.9 },
      ],
      sessionOf,
      new Map(),
      40,
    );
    expect(first.speaking).toEqual(
      new Map([
        [A, true],
        [B, false],
      ]),
    );
    const second = readFeedStats(
      [
        {
          type: 'inbound-rtp',
          kind: 'audio',
          trackIdentifier: 'a1',
          audioLevel: 0,
          packetsReceived: 200,
          packetsLost: 0,
        },
        {
          type: 'inbound-rtp',
          kind: 'audio',
          trackIdentifier: 'b1',
          audioLevel: 0,
          packetsReceived: 180,
          packetsLost: 20,
        },
      ],
      sessionOf,
      first.counts,
      40,
    );
    expect(second.quality.get(A)).toBe('good');
    expect(second.quality.get(B)).toBe('poor');
  });
});
