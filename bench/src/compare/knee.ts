/** One rung of a ladder: the load offered, and whether the system held it. */
export interface Rung {
  offered: number;
  /** p99 under the bound, nothing lost, no errors. */
  held: boolean;
}

/**
 * The rates for a second, finer ladder between the highest rate a coarse ladder held and the
 * first it did not: the knee lies there, and a coarse ladder's steps (2,000 → 5,000 → 10,000)
 * are too far apart to say where. Rounded to `grain`; empty when there is nothing between.
 * When every rung held, the fine ladder climbs past the top instead; when none did, it
 * descends below the first.
 */
export function fineLadder(rungs: readonly Rung[], count = 4, grain = 100): number[] {
  if (rungs.length === 0) return [];
  const sorted = [...rungs].sort((a, b) => a.offered - b.offered);
  const firstFailed = sorted.find((r) => !r.held);
  const held = sorted.filter((r) => r.held && (!firstFailed || r.offered < firstFailed.offered));
  const low = held.at(-1)?.offered ?? 0;
  const top = sorted.at(-1)?.offered ?? 0;
  const high = firstFailed?.offered ?? top * 2;
  const rates = new Set<number>();
  for (let i = 1; i <= count; i++) {
    const rate = Math.round((low + ((high - low) * i) / (count + 1)) / grain) * grain;
    if (rate > low && rate < high) rates.add(rate);
  }
  return [...rates].sort((a, b) => a - b);
}

/** The highest offered load that held, across every rung measured, or null. */
export function kneeOf(rungs: readonly Rung[]): number | null {
  const held = rungs.filter((r) => r.held).map((r) => r.offered);
  return held.length > 0 ? Math.max(...held) : null;
}
