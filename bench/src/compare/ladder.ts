import type { DirectThroughputResult, RateStep } from '../scenarios/directThroughput';
import type { FanoutResult, FanoutStep } from '../scenarios/groupFanout';
import type { Running, Warmup } from './contenders';
import { fineLadder, kneeOf } from './knee';

/** p99 under this, nothing lost and no errors: the step held (the bound). */
export const P99_BOUND_MS = 100;

export interface DirectLadder {
  steps: RateStep[];
  warmup?: RateStep;
  /** The highest rate delivered by a step that held, or null. */
  knee: number | null;
  /** Every step held: the knee lies above the ladder, and `knee` is only a floor. */
  aboveLadder: boolean;
}

export interface FanoutLadder {
  steps: FanoutStep[];
  warmup?: FanoutStep;
  /** The most deliveries per second in a step that held. */
  knee: number | null;
  /** Every step held: the knee lies above the ladder, and `knee` is only a floor. */
  aboveLadder: boolean;
}

const heldDirect = (s: RateStep) => s.latencyMs.p99 < P99_BOUND_MS && s.lost === 0 && s.errors === 0;
const heldFanout = (s: FanoutStep) => s.latencyMs.p99 < P99_BOUND_MS && s.missing === 0;

/**
 * One-to-one: the coarse ladder after a warm-up, then a finer one between the last rate held and
 * the first that was not, so that the knee is found to within a few hundred messages a second.
 */
export async function climbDirect(
  system: Running,
  coarse: number[],
  seconds: number,
  warmup: Warmup,
): Promise<DirectLadder> {
  const first: DirectThroughputResult = await system.direct(coarse, seconds, 'c', warmup);
  const fine = fineLadder(first.steps.map((s) => ({ offered: s.offeredPerSecond, held: heldDirect(s) })));
  const second = fine.length > 0 ? await system.direct(fine, seconds, 'f') : null;
  const steps = [...first.steps, ...(second?.steps ?? [])].sort(
    (a, b) => a.offeredPerSecond - b.offeredPerSecond,
  );
  const knee = kneeOf(steps.map((s) => ({ offered: s.deliveredPerSecond, held: heldDirect(s) })));
  const aboveLadder = steps.every(heldDirect);
  return { steps, ...(first.warmup ? { warmup: first.warmup } : {}), knee, aboveLadder };
}

/** Group fan-out: the same, over the pace of the owner's messages (ms between two). */
export async function climbFanout(
  system: Running,
  coarseIntervalsMs: number[],
  seconds: number,
  warmup: Warmup,
): Promise<FanoutLadder> {
  const first: FanoutResult = await system.fanout(coarseIntervalsMs, seconds, warmup);
  // The ladder climbs in messages a second; a step's pace is its inverse.
  const perSecond = (intervalMs: number) => Math.round(1000 / intervalMs);
  const fine = fineLadder(
    first.steps.map((s) => ({ offered: perSecond(s.intervalMs), held: heldFanout(s) })),
    4,
    10,
  ).map((rate) => Math.round((1000 / rate) * 100) / 100);
  const second = fine.length > 0 ? await system.fanout(fine, seconds) : null;
  const steps = [...first.steps, ...(second?.steps ?? [])].sort((a, b) => b.intervalMs - a.intervalMs);
  const knee = kneeOf(steps.map((s) => ({ offered: s.deliveriesPerSecond, held: heldFanout(s) })));
  const aboveLadder = steps.every(heldFanout);
  return { steps, ...(first.warmup ? { warmup: first.warmup } : {}), knee, aboveLadder };
}
