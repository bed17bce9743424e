import { describe, expect, it } from 'vitest';
import { classifyQuality, readStats } from './quality';

describe('network quality', () => {
  it('is unknown until the link says anything', () => {
    expect(classifyQuality({ rttMs: null, loss: null, availableKbps: null }, true)).toBe('unknown');
  });

  it('calls a quick, clean link good, a slow or lossy one fair, a bad one poor', () => {
    expect(classifyQuality({ rttMs: 40, loss: 0, availableKbps: 2500 }, true)).toBe('good');
    expect(classifyQuality({ rttMs: 220, loss: 0, availableKbps: 2500 }, true)).toBe('fair');
    expect(classifyQuality({ rttMs: 40, loss: 0.03, availableKbps: 2500 }, true)).toBe('fair');
    expect(classifyQuality({ rttMs: 500, loss: 0, availableKbps: 2500 }, true)).toBe('poor');
    expect(classifyQuality({ rttMs: 40, loss: 0.12, availableKbps: 2500 }, true)).toBe('poor');
  });

  it('judges bitrate only for video: voice needs little', () => {
    expect(classifyQuality({ rttMs: 40, loss: 0, availableKbps: 100 }, true)).toBe('poor');
    expect(classifyQuality({ rttMs: 40, loss: 0, availableKbps: 100 }, false)).toBe('good');
  });

  it('reads rtt, bitrate, loss since the last sample and who talks from getStats', () => {
    const first = readStats(
      [
        {
          type: 'candidate-pair',
          nominated: true,
          state: 'succeeded',
          currentRoundTripTime: 0.05,
          availableOutgoingBitrate: 1_200_000,
        },
        { type: 'candidate-pair', nominated: false, state: 'failed', currentRoundTripTime: 3 },
        { type: 'inbound-rtp', kind: 'audio', packetsReceived: 100, packetsLost: 0, audioLevel: 0.2 },
        { type: 'inbound-rtp', kind: 'video', packetsReceived: 900, packetsLost: 0 },
        { type: 'media-source', kind: 'audio', audioLevel: 0.001 },
      ],
      null,
    );
    expect(first.sample).toEqual({ rttMs: 50, loss: null, availableKbps: 1200 });
    expect(first.speaking).toEqual({ local: false, remote: true });
    const second = readStats(
      [{ type: 'inbound-rtp', kind: 'video', packetsReceived: 1090, packetsLost: 10 }],
      first.counts,
    );
    // 90 arrived and 10 were lost since: 10 %.
    expect(second.sample.loss).toBeCloseTo(0.1);
  });
});
