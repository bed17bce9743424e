import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_HEARTBEAT, Heartbeat } from './heartbeat';

describe('Heartbeat', () => {
  let pings: number;
  let deaths: number;
  let heartbeat: Heartbeat;
  beforeEach(() => {
    vi.useFakeTimers();
    pings = 0;
    deaths = 0;
    heartbeat = new Heartbeat(
      DEFAULT_HEARTBEAT,
      () => pings++,
      () => deaths++,
    );
    heartbeat.start();
  });
  afterEach(() => {
    heartbeat.stop();
    vi.useRealTimers();
  });

  it('asks a link that has been quiet for 5 s, and not before', () => {
    vi.advanceTimersByTime(4000);
    expect(pings).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(pings).toBe(1);
  });

  it('a link that keeps talking is never asked', () => {
    for (let i = 0; i < 60; i++) {
      vi.advanceTimersByTime(1000);
      heartbeat.heard();
    }
    expect(pings).toBe(0);
    expect(deaths).toBe(0);
  });

  it('[issue 15 #6] a ping unanswered for 3 s is a dead link: found within 3 s of the missed pong', () => {
    vi.advanceTimersByTime(5000);
    expect(pings).toBe(1);
    vi.advanceTimersByTime(2000);
    expect(deaths).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(deaths).toBe(1);
    // Reported once; the connection starts a new heartbeat with its next socket.
    vi.advanceTimersByTime(10_000);
    expect(deaths).toBe(1);
  });

  it('an answered ping keeps the link, and the next one waits for another quiet spell', () => {
    vi.advanceTimersByTime(5000);
    vi.advanceTimersByTime(500);
    heartbeat.heard();
    vi.advanceTimersByTime(4500);
    expect(pings).toBe(1);
    expect(deaths).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(pings).toBe(2);
  });

  it('probe() asks at once, once', () => {
    heartbeat.probe();
    heartbeat.probe();
    expect(pings).toBe(1);
    vi.advanceTimersByTime(3000);
    expect(deaths).toBe(1);
  });

  it('a tick that comes late (the page was frozen) lets the frames queued behind it be heard first', () => {
    vi.advanceTimersByTime(5000);
    expect(pings).toBe(1);
    // The page freezes for a minute with the ping outstanding: the clock jumps, no tick runs.
    vi.setSystemTime(Date.now() + 60_000);
    // The tick wakes first; the pong that came during the freeze runs right after it.
    vi.advanceTimersByTime(1000);
    heartbeat.heard();
    vi.advanceTimersByTime(1);
    expect(deaths).toBe(0);
    // Without an answer, the late tick's judgement stands.
    vi.advanceTimersByTime(5000);
    expect(pings).toBe(2);
    vi.setSystemTime(Date.now() + 60_000);
    vi.advanceTimersByTime(1000);
    vi.advanceTimersByTime(1);
    expect(deaths).toBe(1);
  });

  it('a tab whose timers are throttled (a tick every few seconds) still finds a dead link', () => {
    heartbeat.stop();
    heartbeat = new Heartbeat(
      { ...DEFAULT_HEARTBEAT, tickMs: 4000 },
      () => pings++,
      () => deaths++,
    );
    heartbeat.start();
    vi.advanceTimersByTime(8000);
    expect(pings).toBe(1);
    vi.advanceTimersByTime(4000);
    expect(deaths).toBe(1);
  });
});
