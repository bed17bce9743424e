import { machineInfo, writeReport } from '../report';
import { bareRelay, type Contender, liao, peers } from './contenders';
import { climbDirect, climbFanout } from './ladder';
import { type ComparisonShape, type ContenderResult, comparisonMarkdown } from './report';

export interface ComparisonOptions extends ComparisonShape {
  rates: number[];
  intervalsMs: number[];
  /** Names of the systems to run (all when empty). */
  only: string[];
}

/**
 * `npm run bench -- --peers`: Liao, the bare relay and whichever peers are installed, one after
 * another on this machine, each through the same shapes; the report gives each figure beside
 * the others as a ratio. Nothing is installed here: a peer that is missing is named and skipped.
 */
export async function runComparison(options: ComparisonOptions): Promise<void> {
  const contenders = [liao, bareRelay, ...peers].filter(
    (c) => options.only.length === 0 || options.only.includes(c.name),
  );
  const results: ContenderResult[] = [];
  const warmup = { seconds: options.warmupSeconds };
  for (const contender of contenders) {
    console.log(`${contender.name} (${contender.storage})…`);
    const result: ContenderResult = { name: contender.name, storage: contender.storage };
    results.push(result);
    let running: Awaited<ReturnType<Contender['start']>>;
    try {
      running = await contender.start({ pairs: options.pairs, members: options.members });
    } catch (error) {
      result.skipped = error instanceof Error ? error.message : String(error);
      console.log(`  skipped: ${result.skipped}`);
      continue;
    }
    try {
      if (running.idle) {
        // First, while the process is fresh: later load leaves heap behind that is not theirs.
        const idle = await running.idle(options.idleConnections);
        result.idleKiB = idle.kibPerConnection;
        result.idleCollectedKiB = idle.collectedKibPerConnection;
        console.log(
          `  idle: ${result.idleKiB} KiB per connection as they open, ${result.idleCollectedKiB ?? '–'} kept`,
        );
      }
      console.log(`  one-to-one, ${options.pairs} pairs:`);
      result.direct = await climbDirect(running, options.rates, options.stepSeconds, warmup);
      console.log(`  → ${result.direct.knee ?? 'none'} msg/s held`);
      console.log(`  fan-out, ${options.members} members:`);
      result.fanout = await climbFanout(running, options.intervalsMs, options.stepSeconds, warmup);
      console.log(`  → ${result.fanout.knee ?? 'none'} deliveries/s held`);
    } finally {
      await running.stop();
    }
  }
  const machine = machineInfo();
  const baselines = results.filter((r) => r.name !== liao.name && !r.skipped).map((r) => r.name);
  const markdown = comparisonMarkdown(results, options, machine, baselines);
  const { mdPath } = writeReport(
    { date: new Date().toISOString(), machine, store: 'sqlite', results: { comparison: results } },
    markdown,
    options.trial ? '-peers-try' : '-peers',
  );
  console.log(`\n${markdown}\nwritten to ${mdPath}`);
}
