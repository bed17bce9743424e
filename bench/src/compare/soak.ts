import fs from 'node:fs';
import path from 'node:path';
import { makePairs } from '../pairs';
import { measureDirectThroughput, type RateStep } from '../scenarios/directThroughput';
import { startServerProcess } from '../serverProcess';
import { registerUsers } from '../users';

/** One minute of the soak: how it went, and what the server held as it ended. */
export interface SoakMinute {
  minute: number;
  step: RateStep;
  rssMiB: number;
  /** V8's heap in use (from /metrics): an RSS that climbs while this stays flat is the allocator, not a leak. */
  heapMiB: number;
  walMiB: number;
  dbMiB: number;
}

export interface SoakResult {
  rate: number;
  pairs: number;
  minutes: SoakMinute[];
}

/**
 * Liao at a steady one-to-one rate (70 % of its knee, as issue 16 asks) for `minutes`, one
 * minute a step: p99, RSS and the SQLite WAL each minute. Every line must stay flat; one that
 * climbs (memory kept per message, a WAL never checkpointed) is a finding to fix.
 */
export async function soakDirect(rate: number, pairs: number, minutes: number): Promise<SoakResult> {
  const server = await startServerProcess();
  const sizeMiB = (file: string) => {
    const bytes = fs.existsSync(file) ? fs.statSync(file).size : 0;
    return Math.round((bytes / 2 ** 20) * 10) / 10;
  };
  const db = path.join(server.dataDir, 'liao.db');
  try {
    const users = await makePairs(await registerUsers(server.url, pairs * 2, 'soak'));
    const result: SoakResult = { rate, pairs, minutes: [] };
    for (let minute = 1; minute <= minutes; minute++) {
      // Each minute on its own sockets and tag: the clock-driven schedule restarts cleanly.
      const run = await measureDirectThroughput(server.url, users, [rate], 60, { tag: `m${minute}` });
      const step = run.steps[0];
      if (!step) throw new Error(`minute ${minute} measured nothing`);
      const sample: SoakMinute = {
        minute,
        step,
        rssMiB: Math.round(server.rssBytes() / 2 ** 20),
        heapMiB: await heapUsedMiB(server.url),
        walMiB: sizeMiB(`${db}-wal`),
        dbMiB: sizeMiB(db),
      };
      result.minutes.push(sample);
      console.log(
        `  minute ${minute}: p99 ${step.latencyMs.p99} ms, lost ${step.lost}, RSS ${sample.rssMiB} MiB, heap ${sample.heapMiB} MiB, WAL ${sample.walMiB} MiB, db ${sample.dbMiB} MiB, load ${step.loadAverage}`,
      );
    }
    return result;
  } finally {
    await server.stop();
  }
}

/** V8's heap in use, read from the server's Prometheus metrics (open: the bench sets no token). */
async function heapUsedMiB(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = /^nodejs_heap_size_used_bytes(?:\{[^}]*\})? (\d+(?:\.\d+)?(?:e\+\d+)?)$/m.exec(text);
  return match?.[1] ? Math.round(Number(match[1]) / 2 ** 20) : Number.NaN;
}

/** The soak as a markdown table, one row a minute. */
export function soakMarkdown(soak: SoakResult): string {
  const rows = soak.minutes.map(
    (m) =>
      `| ${m.minute} | ${m.step.deliveredPerSecond} | ${m.step.latencyMs.p50} | ${m.step.latencyMs.p99} | ${m.step.lost} | ${m.rssMiB} | ${m.heapMiB} | ${m.walMiB} | ${m.dbMiB} | ${m.step.loadAverage} |`,
  );
  return [
    `## Soak: ${soak.rate} msg/s one-to-one over ${soak.pairs} pairs, ${soak.minutes.length} minutes`,
    '',
    '| minute | delivered/s | p50 ms | p99 ms | lost | RSS MiB | heap MiB | WAL MiB | db MiB | load |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
