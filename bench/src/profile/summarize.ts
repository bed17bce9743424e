import fs from 'node:fs';
import { CATEGORIES, type Category, categorise, type Frame } from './categories';

/** The parts of V8's .cpuprofile (written by node --cpu-prof) this reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: Frame; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * The part of the profile to count, in seconds before its end: `--cpu-prof` covers the server
 * from start to exit, and the accounts and friendships a run sets up first are not the load
 * being measured. `fromEnd` 17 and `toEnd` 3 keep a 20-s step's middle.
 */
export interface ProfileWindow {
  fromEnd: number;
  toEnd: number;
}

export interface ProfileShare {
  category: Category;
  ms: number;
  /** Share of the time the process was busy (idle left out). */
  percentOfBusy: number;
}

/** Splits a CPU profile's sampled time by category (categories.ts), within `window` if given. */
export function summarizeProfile(profile: CpuProfile, window?: ProfileWindow): ProfileShare[] {
  const counted = inWindow(profile, window);
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const categoryOf = new Map<number, Category>();
  const stackOf = (id: number): Frame[] => {
    const stack: Frame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (node) stack.push(node.callFrame);
    }
    return stack;
  };
  const totals = new Map<Category, number>(CATEGORIES.map((c) => [c, 0]));
  profile.samples.forEach((id, i) => {
    if (!counted(i)) return;
    let category = categoryOf.get(id);
    if (!category) {
      category = categorise(stackOf(id));
      categoryOf.set(id, category);
    }
    totals.set(category, (totals.get(category) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const busy = [...totals].filter(([c]) => c !== 'idle').reduce((sum, [, ms]) => sum + ms, 0);
  return CATEGORIES.map((category) => {
    const ms = totals.get(category) ?? 0;
    return {
      category,
      ms: Math.round(ms),
      percentOfBusy: category === 'idle' || busy === 0 ? 0 : Math.round((ms / busy) * 1000) / 10,
    };
  });
}

/** Whether sample i falls in the window: sample times are the running sum of the deltas. */
function inWindow(profile: CpuProfile, window: ProfileWindow | undefined): (i: number) => boolean {
  if (!window) return () => true;
  const at: number[] = [];
  let t = 0;
  for (const delta of profile.timeDeltas) {
    t += delta;
    at.push(t);
  }
  const from = t - window.fromEnd * 1e6;
  const to = t - window.toEnd * 1e6;
  return (i) => (at[i] ?? 0) >= from && (at[i] ?? 0) <= to;
}

/**
 * `npx tsx bench/src/profile/summarize.ts <file.cpuprofile> [<from>,<to>]`: the shares as a
 * markdown table, of the whole profile or of the seconds from `from` to `to` before its end.
 * A profile per thread: the SQLite writer's thread writes its own file beside the main one.
 */
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const [file, between] = process.argv.slice(2);
  if (!file)
    throw new Error(
      'usage: summarize.ts <file.cpuprofile> [<seconds before the end>,<seconds before the end>]',
    );
  const [fromEnd, toEnd] = (between ?? '').split(',').map(Number);
  const window = between ? { fromEnd: fromEnd ?? 0, toEnd: toEnd ?? 0 } : undefined;
  const shares = summarizeProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile, window);
  console.log('| part | ms | share of busy time |\n|---|---|---|');
  for (const s of shares)
    console.log(`| ${s.category} | ${s.ms} | ${s.category === 'idle' ? '–' : `${s.percentOfBusy} %`} |`);
}
