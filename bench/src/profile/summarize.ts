import fs from 'node:fs';
import { CATEGORIES, type Category, categorise, type Frame } from './categories';

/** The parts of V8's .cpuprofile (written by node --cpu-prof) this reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: Frame; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShare {
  category: Category;
  ms: number;
  /** Share of the time the process was busy (idle left out). */
  percentOfBusy: number;
}

/** Splits a CPU profile's sampled time by category (categories.ts). */
export function summarizeProfile(profile: CpuProfile): ProfileShare[] {
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

/** `npx tsx bench/src/profile/summarize.ts <file.cpuprofile>`: the shares as a markdown table. */
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: summarize.ts <file.cpuprofile>');
  const shares = summarizeProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile);
  console.log('| part | ms | share of busy time |\n|---|---|---|');
  for (const s of shares)
    console.log(`| ${s.category} | ${s.ms} | ${s.category === 'idle' ? '–' : `${s.percentOfBusy} %`} |`);
}
