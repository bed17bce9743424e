/**
 * The ringtone and the caller's ringback, made with WebAudio: no sound file is fetched, and
 * nothing is left playing when the ring stops.
 */

interface Pattern {
  /** Notes of one ring: frequency (Hz), start and length within it (s). */
  notes: readonly { hz: number; at: number; for: number }[];
  /** One ring begins this often (s). */
  every: number;
  volume: number;
}

/** A soft rising three-note chime, twice, then a pause: heard across a room, not shrill. */
const RINGTONE: Pattern = {
  notes: [
    { hz: 659.25, at: 0, for: 0.22 },
    { hz: 783.99, at: 0.18, for: 0.22 },
    { hz: 1046.5, at: 0.36, for: 0.5 },
    { hz: 659.25, at: 1.0, for: 0.22 },
    { hz: 783.99, at: 1.18, for: 0.22 },
    { hz: 1046.5, at: 1.36, for: 0.5 },
  ],
  every: 3,
  volume: 0.18,
};

/** The ringback tone Chinese networks play to a caller: 450 Hz, one second on, four off. */
const RINGBACK: Pattern = { notes: [{ hz: 450, at: 0, for: 1 }], every: 5, volume: 0.08 };

function play(pattern: Pattern): () => void {
  const Context = globalThis.AudioContext;
  if (!Context) return () => {};
  const context = new Context();
  // A page that has not been clicked yet may keep the context suspended: the ring is then
  // silent, and the window and the notification still show it.
  void context.resume().catch(() => {});
  let next = context.currentTime + 0.05;
  const schedule = () => {
    // Keep one ring queued ahead, so that a busy main thread does not stutter it.
    while (next < context.currentTime + pattern.every) {
      for (const note of pattern.notes) {
        const osc = context.createOscillator();
        const gain = context.createGain();
        osc.type = 'sine';
        osc.frequency.value = note.hz;
        const start = next + note.at;
        gain.gain.setValueAtTime(0, start);
        gain.gain.linearRampToValueAtTime(pattern.volume, start + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + note.for);
        osc.connect(gain).connect(context.destination);
        osc.start(start);
        osc.stop(start + note.for + 0.05);
      }
      next += pattern.every;
    }
  };
  schedule();
  const timer = setInterval(schedule, 500);
  return () => {
    clearInterval(timer);
    void context.close().catch(() => {});
  };
}

export const startRingtone = (): (() => void) => play(RINGTONE);
export const startRingback = (): (() => void) => play(RINGBACK);
