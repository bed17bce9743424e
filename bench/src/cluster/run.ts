import os from 'node:os';
import { makePairs } from '../pairs';
import { type DirectThroughputResult, measureDirectThroughput } from '../scenarios/directThroughput';
import { type FanoutResult, makeFanoutGroup, measureGroupFanout } from '../scenarios/groupFanout';
import { type BenchUser, registerUsers } from '../users';
import { CounterReader, type Counters, diffCounters } from './counters';
import { type CpuSpent, cpuBetween, sampleCpu } from './cpu';
import { BenchCluster, clusterTarget } from './nodes';

/**
 * Every measurement starts on freshly started nodes: their first seconds (JIT, the pool's
 * connections) are sent through but not measured; their messages count in the cost.
 */
const WARMUP_SECONDS = 2;

export interface ClusterBenchOptions {
  sizes: number[];
  pairs: number;
  rates: number[];
  seconds: number;
  members: number;
  intervals: number[];
}

/** What one message cost the database and Redis, on average over a scenario's messages. */
export interface MessageCost {
  messages: number;
  /** Committed transactions, rows inserted and updated, index scans, per message. */
  pg: { commits: number; inserted: number; updated: number; indexScans: number; sequentialScans: number };
  /** Redis commands per message, in total and for the commands that matter. */
  redis: { total: number; byCommand: Record<string, number> };
  /**
   * CPU per message, in microseconds: all nodes together, the database's PostgreSQL sessions
   * (null when PostgreSQL is not on this machine), Redis, and the load generator.
   */
  cpuMicroseconds: { nodes: number; postgres: number | null; redis: number; loadGenerator: number };
}

export interface SizeResult {
  nodes: number;
  direct: DirectThroughputResult & { cost: MessageCost; loadAverage: number };
  group: FanoutResult & { cost: MessageCost; loadAverage: number };
}

/**
 * `npm run bench -- --cluster`: the one-to-one and group scenarios against 1, 2 and 3 node
 * processes on PostgreSQL + Redis, the load generator's sockets spread over the nodes (a
 * pair's sender and receiver on different nodes whenever there are two or more). Each
 * measurement is bracketed by stopping the nodes, so that PostgreSQL has published every
 * session's counters; the same bracket around connecting and disconnecting without sending
 * (the idle run) is subtracted, leaving what the messages themselves cost.
 */
export async function runClusterBench(options: ClusterBenchOptions): Promise<{ sizes: SizeResult[] }> {
  const target = clusterTarget();
  const cluster = new BenchCluster(target);
  const counters = await CounterReader.open(target.pgUrl, cluster.schema, target.redisUrl);
  try {
    await cluster.start(1);
    const url = cluster.urlFor(0);
    console.log(`setup on ${url}: ${options.pairs} pairs and a group of ${options.members + 1}…`);
    const pairs = await makePairs(await registerUsers(url, options.pairs * 2, 'cpair'));
    const [owner] = (await registerUsers(url, 1, 'cowner')) as [BenchUser];
    const members = await registerUsers(url, options.members, 'cmember');
    const group = await makeFanoutGroup(url, owner, members);
    await cluster.stop();

    const sizes: SizeResult[] = [];
    for (const size of options.sizes) {
      console.log(`${size} node(s): one-to-one, ${options.pairs} pairs…`);
      const sender = (role: 'sender' | 'receiver', i: number) =>
        cluster.urlFor(role === 'sender' ? i : i + 1);
      const direct = await measured(cluster, counters, size, {
        idle: () => measureDirectThroughput(sender, pairs, [], options.seconds),
        load: () =>
          measureDirectThroughput(sender, pairs, options.rates, options.seconds, {
            tag: `n${size}`,
            climbPastSlow: true,
            warmup: { rate: options.rates[0] ?? 500, seconds: WARMUP_SECONDS },
          }),
        messages: (r) => [...r.steps, ...(r.warmup ? [r.warmup] : [])].reduce((n, s) => n + s.acked, 0),
      });
      console.log(`${size} node(s): group of ${options.members + 1}…`);
      const spread = (i: number) => cluster.urlFor(i);
      const fanout = await measured(cluster, counters, size, {
        idle: () => measureGroupFanout(spread, owner, members, group, [], options.seconds),
        load: () =>
          measureGroupFanout(spread, owner, members, group, options.intervals, options.seconds, {
            warmup: { intervalMs: options.intervals[0] ?? 100, seconds: WARMUP_SECONDS },
          }),
        messages: (r) => [...r.steps, ...(r.warmup ? [r.warmup] : [])].reduce((n, s) => n + s.messages, 0),
      });
      sizes.push({ nodes: size, direct: fanIn(direct), group: fanIn(fanout) });
    }
    return { sizes };
  } finally {
    await counters.close();
    await cluster.destroy();
  }
}

interface Measured<R> {
  result: R;
  cost: MessageCost;
  loadAverage: number;
}

function fanIn<R>(m: Measured<R>): R & { cost: MessageCost; loadAverage: number } {
  return { ...m.result, cost: m.cost, loadAverage: m.loadAverage };
}

/** Runs `idle` and then `load` on fresh nodes, each between two counter readings. */
async function measured<R>(
  cluster: BenchCluster,
  counters: CounterReader,
  size: number,
  run: { idle: () => Promise<R>; load: () => Promise<R>; messages: (result: R) => number },
): Promise<Measured<R>> {
  const bracket = async (work: () => Promise<R>) => {
    await counters.waitForIdleDatabase();
    const before = await counters.read();
    await cluster.start(size);
    const pids = cluster.nodes.map((n) => n.pid);
    const cpuBefore = sampleCpu(pids, cluster.database);
    const result = await work();
    const cpu = cpuBetween(cpuBefore, sampleCpu(pids, cluster.database));
    const loadAverage = os.loadavg()[0] ?? 0;
    await cluster.stop();
    if (!(await counters.waitForIdleDatabase())) {
      console.warn('  (other sessions are connected to the database: its commit count includes theirs)');
    }
    return { result, loadAverage, cpu, spent: diffCounters(before, await counters.read()) };
  };
  const idle = await bracket(run.idle);
  const load = await bracket(run.load);
  const messages = run.messages(load.result);
  const cpu = {
    nodes: load.cpu.nodes - idle.cpu.nodes,
    postgres:
      load.cpu.postgres === null || idle.cpu.postgres === null ? null : load.cpu.postgres - idle.cpu.postgres,
    loadGenerator: load.cpu.loadGenerator - idle.cpu.loadGenerator,
  };
  return {
    result: load.result,
    loadAverage: Math.round(load.loadAverage * 10) / 10,
    cost: perMessage(diffCounters(idle.spent, load.spent), cpu, messages),
  };
}

function perMessage(c: Counters, cpu: CpuSpent, messages: number): MessageCost {
  const per = (n: number) => (messages > 0 ? Math.round((n / messages) * 100) / 100 : 0);
  const micros = (seconds: number | null) =>
    seconds === null || messages === 0 ? null : Math.round((seconds * 1e6) / messages);
  const byCommand: Record<string, number> = {};
  for (const [command, calls] of Object.entries(c.redis.byCommand)) {
    // Commands that ran less than once per hundred messages are the nodes' own chores.
    if (Math.abs(calls) >= messages / 100) byCommand[command] = per(calls);
  }
  return {
    messages,
    pg: {
      commits: per(c.pg.commits),
      inserted: per(c.pg.inserted),
      updated: per(c.pg.updated),
      indexScans: per(c.pg.indexScans),
      sequentialScans: per(c.pg.sequentialScans),
    },
    redis: { total: per(c.redis.total), byCommand },
    cpuMicroseconds: {
      nodes: micros(cpu.nodes) ?? 0,
      postgres: micros(cpu.postgres),
      redis: micros(c.redisCpu) ?? 0,
      loadGenerator: micros(cpu.loadGenerator) ?? 0,
    },
  };
}

/** The report's table rows. */
export function clusterLines(sizes: SizeResult[]): string[] {
  const lines: string[] = [];
  for (const s of sizes) {
    const d = s.direct;
    const best = d.bestRate === null ? 'none met the bound' : `**${d.bestRate}/s**`;
    lines.push(
      `| **${s.nodes} node${s.nodes > 1 ? 's' : ''}** · one-to-one, ${d.pairs} pairs (sender and receiver on different nodes when there are several): most delivered per second; highest rate with p99 < 100 ms and nothing lost | **${d.peakDelivered}/s**; ${best} (load average ${d.loadAverage}) |`,
      ...d.steps.map(
        (x) =>
          `| · offered ${x.offeredPerSecond}/s (${d.stepSeconds} s) | delivered ${x.deliveredPerSecond}/s; p50 ${x.latencyMs.p50} ms, p95 ${x.latencyMs.p95} ms, p99 ${x.latencyMs.p99} ms; lost ${x.lost}, duplicated ${x.duplicated}, refused ${x.errors} |`,
      ),
      `| · cost per message (${d.cost.messages} messages) | ${costText(d.cost)} |`,
    );
    const g = s.group;
    lines.push(
      `| **${s.nodes} node${s.nodes > 1 ? 's' : ''}** · group of ${g.members}, all online, spread over the nodes: best deliveries/s with p99 < 100 ms | **${g.bestDeliveriesPerSecond}/s** (load average ${g.loadAverage}) |`,
      ...g.steps.map(
        (x) =>
          `| · one message every ${x.intervalMs} ms (${x.messages} messages) | ${x.deliveriesPerSecond} deliveries/s; p50 ${x.latencyMs.p50} ms, p95 ${x.latencyMs.p95} ms, p99 ${x.latencyMs.p99} ms; missing ${x.missing} |`,
      ),
      `| · cost per message (${g.cost.messages} messages) | ${costText(g.cost)} |`,
    );
  }
  return lines;
}

function costText(c: MessageCost): string {
  const commands = Object.entries(c.redis.byCommand)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  const cpu = c.cpuMicroseconds;
  return (
    `PostgreSQL: ${c.pg.commits} commits, ${c.pg.inserted} rows inserted, ${c.pg.updated} updated, ` +
    `${c.pg.indexScans} index scans; Redis: ${c.redis.total} commands (${commands}); CPU: nodes ${cpu.nodes} µs, ` +
    `PostgreSQL ${cpu.postgres ?? '?'} µs, Redis ${cpu.redis} µs, load generator ${cpu.loadGenerator} µs`
  );
}
