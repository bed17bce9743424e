import type { RateStep } from '../scenarios/directThroughput';
import type { FanoutStep } from '../scenarios/groupFanout';
import type { DirectLadder, FanoutLadder } from './ladder';

/** What one contender did in a comparison; a scenario it could not run says why. */
export interface ContenderResult {
  name: string;
  storage: string;
  direct?: DirectLadder;
  fanout?: FanoutLadder;
  /** KiB of the server's memory per idle signed-in connection, as they open. */
  idleKiB?: number;
  /** What they keep: after a full garbage collection (Liao only). */
  idleCollectedKiB?: number | null;
  /** Why a scenario or the whole contender did not run (not installed, failed to start). */
  skipped?: string;
}

export interface ComparisonShape {
  /** A try of the wiring with short steps: its figures are not to be quoted. */
  trial: boolean;
  pairs: number;
  members: number;
  stepSeconds: number;
  warmupSeconds: number;
  idleConnections: number;
}

/**
 * The comparison as markdown: each scenario's knee per system, and as a ratio to the named
 * baselines measured in the same run (a figure from elsewhere says little about this machine).
 */
export function comparisonMarkdown(
  results: ContenderResult[],
  shape: ComparisonShape,
  machine: { cpuModel: string; cpus: number; memoryGiB: number; node: string },
  baselines: string[],
): string {
  const lines: string[] = [];
  lines.push(`# Liao beside its peers, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`, '');
  if (shape.trial)
    lines.push('**A try of the wiring, with short steps: not a measurement; quote nothing from it.**', '');
  lines.push(
    `Machine: ${machine.cpuModel}, ${machine.cpus} cores, ${machine.memoryGiB} GiB, Node ${machine.node}; the load generator runs on the same machine.`,
    `Each system is started fresh, warmed up for ${shape.warmupSeconds} s (not measured), then climbs a coarse ladder of ${shape.stepSeconds}-s steps and a finer one between the last step it held and the first it did not. A step holds when its p99 is under 100 ms and nothing is lost. The load average is the machine's 1-minute figure as each step ended.`,
    '',
  );
  const present = (name: string) => results.find((r) => r.name === name && !r.skipped);
  const ratioCells = (value: number | null, pick: (r: ContenderResult) => number | null) =>
    baselines.map((name) => {
      const base = present(name);
      const baseValue = base ? pick(base) : null;
      return value && baseValue ? `${(value / baseValue).toFixed(2)}×` : '–';
    });

  lines.push(`## One-to-one: ${shape.pairs} pairs, highest rate held`, '');
  lines.push(`| system | storage | msg/s | ${baselines.map((b) => `× ${b}`).join(' | ')} |`);
  lines.push(`|---|---|---|${baselines.map(() => '---').join('|')}|`);
  for (const r of results) {
    const knee = r.direct?.knee ?? null;
    const figure = figureOf(r, knee, r.direct?.aboveLadder ?? false);
    lines.push(
      `| ${r.name} | ${r.storage} | ${figure} | ${ratioCells(knee, (b) => b.direct?.knee ?? null).join(' | ')} |`,
    );
  }
  lines.push('');
  lines.push(`## Group fan-out: one group of ${shape.members}, all online, highest deliveries/s held`, '');
  lines.push(`| system | deliveries/s | ${baselines.map((b) => `× ${b}`).join(' | ')} |`);
  lines.push(`|---|---|${baselines.map(() => '---').join('|')}|`);
  for (const r of results) {
    const knee = r.fanout?.knee ?? null;
    const figure = figureOf(r, knee, r.fanout?.aboveLadder ?? false);
    lines.push(`| ${r.name} | ${figure} | ${ratioCells(knee, (b) => b.fanout?.knee ?? null).join(' | ')} |`);
  }
  lines.push(
    '',
    `## Memory per idle signed-in connection (${shape.idleConnections} connections, measured first on a fresh start)`,
    '',
    'As they open: the slope of RSS over seven readings, each 3 s after a sixth of the connections opened (a burst of reconnections, its garbage included: this moved by 2 KiB a connection between runs of one build). Kept: RSS after a full garbage collection with all open, less RSS after one before any opened (Liao, through its inspector; the peers cannot be asked).',
    '',
  );
  lines.push('| system | KiB per connection, as they open | KiB per connection, kept |', '|---|---|---|');
  for (const r of results) {
    if (r.skipped) continue;
    lines.push(`| ${r.name} | ${r.idleKiB ?? '–'} | ${r.idleCollectedKiB ?? '–'} |`);
  }
  lines.push(
    '',
    'Liao spreads its sockets over 20 accounts (devices of a few people); the XMPP peers sign in one account per connection, each with its presence sent. The bare relay is not measured.',
  );
  lines.push('', '## Every step', '');
  for (const r of results) {
    if (r.skipped) continue;
    lines.push(`### ${r.name}`, '');
    if (r.direct) {
      lines.push(
        '| offered/s | delivered/s | p50 ms | p99 ms | lost | errors | load |',
        '|---|---|---|---|---|---|---|',
      );
      for (const s of r.direct.warmup ? [r.direct.warmup, ...r.direct.steps] : r.direct.steps)
        lines.push(directRow(s, s === r.direct.warmup));
      lines.push('');
    }
    if (r.fanout) {
      lines.push(
        '| one message every | deliveries/s | p50 ms | p99 ms | missing | load |',
        '|---|---|---|---|---|---|',
      );
      for (const s of r.fanout.warmup ? [r.fanout.warmup, ...r.fanout.steps] : r.fanout.steps)
        lines.push(fanoutRow(s, s === r.fanout.warmup));
      lines.push('');
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A knee as the table shows it; "≥" where every step held and the ladder ended below it. */
function figureOf(r: ContenderResult, knee: number | null, aboveLadder: boolean): string {
  if (r.skipped) return `not run: ${r.skipped}`;
  if (knee === null) return 'none held';
  return aboveLadder ? `**≥ ${knee}** (every step held)` : `**${knee}**`;
}

function directRow(s: RateStep, warmup: boolean): string {
  const offered = warmup ? `${s.offeredPerSecond} (warm-up)` : String(s.offeredPerSecond);
  return `| ${offered} | ${s.deliveredPerSecond} | ${s.latencyMs.p50} | ${s.latencyMs.p99} | ${s.lost} | ${s.errors} | ${s.loadAverage} |`;
}

function fanoutRow(s: FanoutStep, warmup: boolean): string {
  const pace = warmup ? `${s.intervalMs} ms (warm-up)` : `${s.intervalMs} ms`;
  return `| ${pace} | ${s.deliveriesPerSecond} | ${s.latencyMs.p50} | ${s.latencyMs.p99} | ${s.missing} | ${s.loadAverage} |`;
}
