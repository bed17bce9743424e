import { parseArgs } from 'node:util';
import { type ClientAppResult, measureClientApp } from './clientApp/measure';
import { seedClientApp } from './clientApp/seed';
import { buildBenchWebApp } from './clientApp/webBuild';
import { clusterLines, runClusterBench } from './cluster/run';
import { runComparison } from './compare/run';
import { soakDirect, soakMarkdown } from './compare/soak';
import { makePairs } from './pairs';
import { machineInfo, type Report, writeReport } from './report';
import { measureCatchUp } from './scenarios/catchUp';
import { type DirectThroughputResult, measureDirectThroughput } from './scenarios/directThroughput';
import { makeFanoutGroup, measureGroupFanout } from './scenarios/groupFanout';
import { measureAuthenticatedReads } from './scenarios/httpRequests';
import { measureIdleConnections } from './scenarios/idleConnections';
import { measureLiveEvents } from './scenarios/liveEvents';
import { measureSignIns } from './scenarios/signIn';
import { startServerProcess } from './serverProcess';
import { type BenchUser, registerUsers } from './users';
import { measureVideos, videoLines } from './videos/measure';

const SCENARIOS = ['idle', 'reads', 'events', 'signin', 'direct', 'fanout', 'catchup', 'client'] as const;
/** Longer than a few minutes, so only on request: `--only videos`. */
const EXTRA_SCENARIOS = ['videos'] as const;
type Scenario = (typeof SCENARIOS)[number] | (typeof EXTRA_SCENARIOS)[number];
/** The short-video benchmark's server runs two transcodes at once. */
const VIDEO_TRANSCODE_CONCURRENCY = 2;

/**
 * `npm run bench`: starts the built server on its embedded default (SQLite, in-process bus)
 * as a child process and measures it from this separate load-generator process.
 * `npm run bench -- --only direct` runs one scenario; `npm run bench -- --cluster` measures 1, 2
 * and 3 nodes on PostgreSQL + Redis instead; `npm run bench -- --peers` measures Liao beside the
 * bare relay and the installed peers (ejabberd, Prosody), in 15-s steps (`--systems Liao` etc.
 * picks some); `npm run bench -- --soak <rate>` holds that one-to-one rate for 10 minutes and
 * reports p99, RSS and the WAL each minute.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', multiple: true },
      connections: { type: 'string', default: '5000' },
      pairs: { type: 'string', default: '200' },
      rates: { type: 'string', default: '2000,5000,10000,15000,20000,25000,30000' },
      seconds: { type: 'string', default: '5' },
      'catchup-conversations': { type: 'string', default: '200' },
      'fanout-intervals': { type: 'string', default: '100,50,20,10,5,2' },
      'client-conversations': { type: 'string', default: '2000' },
      'client-messages': { type: 'string', default: '100000' },
      'video-rate': { type: 'string', default: '500' },
      'video-pairs': { type: 'string', default: '50' },
      cluster: { type: 'boolean', default: false },
      peers: { type: 'boolean', default: false },
      'try-wiring': { type: 'boolean', default: false },
      soak: { type: 'string' },
      'soak-minutes': { type: 'string', default: '10' },
      systems: { type: 'string', multiple: true },
      'warmup-seconds': { type: 'string', default: '15' },
      members: { type: 'string', default: '500' },
      'idle-connections': { type: 'string', default: '5000' },
      'cluster-sizes': { type: 'string', default: '1,2,3' },
      'cluster-rates': { type: 'string', default: '500,1000,2000,3000,4000,6000,8000' },
      'cluster-members': { type: 'string', default: '200' },
    },
  });
  if (values.cluster) {
    await runCluster(values);
    return;
  }
  if (values.soak !== undefined) {
    // The rate comes from a --peers run's knee (70 % of it, as issue 16 asks): say it.
    const rate = Number(values.soak);
    if (!Number.isInteger(rate) || rate <= 0)
      throw new Error('--soak needs a rate: 70 % of the knee of a --peers run');
    const minutes = Number(values['soak-minutes']);
    console.log(`soak: ${rate} msg/s over ${values.pairs} pairs for ${minutes} minutes…`);
    const soak = await soakDirect(rate, Number(values.pairs), minutes);
    const machine = machineInfo();
    const md = `# Liao soak, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC\n\nMachine: ${machine.cpuModel}, ${machine.cpus} cores, Node ${machine.node}; the load generator runs on the same machine.\n\n${soakMarkdown(soak)}`;
    const { mdPath } = writeReport(
      { date: new Date().toISOString(), machine, store: 'sqlite', results: { soak } },
      md,
      '-soak',
    );
    console.log(`written to ${mdPath}`);
    return;
  }
  if (values.peers) {
    // Steps of 15 s at least: a 5-s step on a shared machine measures its neighbours. Only a
    // try of the wiring (--try-wiring, figures not to be quoted) may step faster.
    const seconds = Number(values.seconds);
    await runComparison({
      pairs: Number(values.pairs),
      members: Number(values.members),
      stepSeconds: values['try-wiring'] ? seconds : Math.max(15, seconds),
      trial: values['try-wiring'] ?? false,
      warmupSeconds: Number(values['warmup-seconds']),
      rates: (values.rates ?? '').split(',').map(Number),
      intervalsMs: (values['fanout-intervals'] ?? '').split(',').map(Number),
      idleConnections: Number(values['idle-connections']),
      only: values.systems ?? [],
    });
    return;
  }
  const only = new Set((values.only ?? [...SCENARIOS]) as Scenario[]);
  const seconds = Number(values.seconds);
  // The client benchmark needs the web app with its cache-filling handle (a `bench` mode build).
  const web = only.has('client') ? buildBenchWebApp() : null;
  const server = await startServerProcess({
    ...(web ? { LIAO_WEB_DIR: web.dir } : {}),
    ...(only.has('videos') ? { LIAO_TRANSCODE_CONCURRENCY: String(VIDEO_TRANSCODE_CONCURRENCY) } : {}),
  });
  console.log(`server ${server.url} (pid ${server.pid})`);
  const results: Record<string, unknown> = {};
  const lines: string[] = [];
  try {
    const users = await registerUsers(server.url, 20, 'bench');
    if (only.has('idle')) {
      console.log('memory per idle connection…');
      const idle = await measureIdleConnections(server, users, Number(values.connections));
      results.idleConnections = idle;
      lines.push(
        `| memory per idle authenticated WebSocket (${idle.connections} connections) | **${idle.kibPerConnection} KiB** as they open, **${idle.collectedKibPerConnection} KiB** kept after a full collection (RSS ${idle.rssBeforeMiB} → ${idle.rssAfterMiB} MiB, ${idle.rssCollectedMiB} MiB collected; connected in ${idle.connectSeconds} s) |`,
      );
    }
    if (only.has('reads')) {
      console.log('authenticated reads…');
      const reads = await measureAuthenticatedReads(server.url, users, 32, seconds);
      results.authenticatedReads = reads;
      lines.push(
        `| authenticated reads, ${reads.endpoint}, ${reads.concurrency} in flight | **${reads.perSecond}/s**, p50 ${reads.latencyMs.p50} ms, p99 ${reads.latencyMs.p99} ms, ${reads.errors} errors |`,
      );
    }
    if (only.has('events')) {
      console.log('write-to-device event latency…');
      const events = await measureLiveEvents(server.url, users, 50);
      results.liveEvents = events;
      lines.push(
        `| profile change → event on the user's other device (${events.users} users × ${events.updatesPerUser}) | p50 ${events.latencyMs.p50} ms, p99 ${events.latencyMs.p99} ms, max ${events.latencyMs.max} ms, ${events.lost} lost |`,
      );
    }
    if (only.has('signin')) {
      console.log('password sign-ins…');
      const signIns = await measureSignIns(server.url, users, 40, 4);
      results.signIns = signIns;
      lines.push(
        `| password sign-ins (argon2id 19 MiB, 2 passes), ${signIns.concurrency} in flight | ${signIns.perSecond}/s, p50 ${signIns.latencyMs.p50} ms, p99 ${signIns.latencyMs.p99} ms |`,
      );
    }
    if (only.has('direct')) {
      const count = Number(values.pairs);
      console.log(`one-to-one throughput: ${count} pairs…`);
      const pairs = await makePairs(await registerUsers(server.url, count * 2, 'pair'));
      const rates = (values.rates ?? '').split(',').map(Number);
      const direct = await measureDirectThroughput(server.url, pairs, rates, seconds);
      results.directThroughput = direct;
      lines.push(...directLines(direct));
    }
    if (only.has('fanout')) {
      console.log('group fan-out: 500 members…');
      const [owner] = await registerUsers(server.url, 1, 'owner');
      const members = await registerUsers(server.url, 499, 'member');
      const intervals = (values['fanout-intervals'] ?? '').split(',').map(Number);
      const group = await makeFanoutGroup(server.url, owner as BenchUser, members);
      const fanout = await measureGroupFanout(
        server.url,
        owner as BenchUser,
        members,
        group,
        intervals,
        seconds,
      );
      results.groupFanout = fanout;
      lines.push(
        `| group fan-out, ${fanout.members} members all online: best deliveries/s with p99 < 100 ms | **${fanout.bestDeliveriesPerSecond}/s** |`,
        ...fanout.steps.map(
          (s) =>
            `| · one message every ${s.intervalMs} ms (${s.messages} messages) | ${s.deliveriesPerSecond} deliveries/s; p50 ${s.latencyMs.p50} ms, p99 ${s.latencyMs.p99} ms; missing ${s.missing} |`,
        ),
      );
    }
    if (only.has('catchup')) {
      const count = Number(values['catchup-conversations']);
      console.log(`catch-up: ${count} conversations × 50 missed messages…`);
      const [me] = await registerUsers(server.url, 1, 'back');
      const friends = await registerUsers(server.url, count, 'away');
      const pairs = await makePairs(friends.flatMap((f) => [f, me as BenchUser]));
      const chats = pairs.map((p) => ({ user: p.a, conversationId: p.conversationId }));
      const catchUp = await measureCatchUp(server.url, me as BenchUser, chats, 50, 20);
      results.catchUp = catchUp;
      lines.push(
        `| catch-up: ${catchUp.missed} messages missed in ${catchUp.conversations} conversations | **${catchUp.seconds} s** to a consistent state (${catchUp.syncRequests} sync + ${catchUp.historyRequests} history requests, sync limit ${catchUp.syncLimit}); ${catchUp.received} of ${catchUp.missed} received |`,
      );
    }
    if (only.has('client')) {
      const conversations = Number(values['client-conversations']);
      const messages = Number(values['client-messages']);
      console.log(`client app: seeding ${conversations} conversations and ${messages} messages…`);
      const seed = await seedClientApp(server.url, { conversations, messages, friends: 60 });
      console.log(`seeded in ${seed.seconds} s; measuring the web app in chromium…`);
      const client = await measureClientApp(server.url, seed, { reloads: 5, opens: 5, scrollSeconds: 6 });
      results.clientApp = client;
      lines.push(...clientLines(client));
    }
    if (only.has('videos')) {
      console.log('videos: a 30-second 1080p clip, and the chat while two transcodes run…');
      const videos = await measureVideos(server.url, {
        rate: Number(values['video-rate']),
        pairs: Number(values['video-pairs']),
        concurrency: VIDEO_TRANSCODE_CONCURRENCY,
        stepSeconds: Math.max(seconds, 10),
      });
      results.videos = videos;
      lines.push(...videoLines(videos));
    }
  } finally {
    await server.stop();
    web?.remove();
  }
  const report: Report = {
    date: new Date().toISOString(),
    machine: machineInfo(),
    store: 'SQLite (WAL, synchronous=FULL), in-process bus, one server process',
    results,
  };
  const md = [
    `# Liao benchmark — ${report.date}`,
    '',
    `Machine: ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGiB} GiB, Node ${report.machine.node}. Store: ${report.store}. The load generator runs on the same machine, in its own process.`,
    '',
    '| measure | result |',
    '|---|---|',
    ...lines,
    '',
  ].join('\n');
  const { jsonPath, mdPath } = writeReport(report, md);
  console.log(`\n${md}\nwritten ${jsonPath}\n        ${mdPath}`);
}

/** `npm run bench -- --cluster`: 1, 2 and 3 nodes on PostgreSQL + Redis (bench/src/cluster/run.ts). */
async function runCluster(values: Record<string, string | boolean | string[] | undefined>): Promise<void> {
  const list = (key: string) =>
    String(values[key] ?? '')
      .split(',')
      .map(Number);
  const { sizes } = await runClusterBench({
    sizes: list('cluster-sizes'),
    pairs: Number(values.pairs),
    rates: list('cluster-rates'),
    seconds: Number(values.seconds),
    members: Number(values['cluster-members']),
    intervals: list('fanout-intervals'),
  });
  const report: Report = {
    date: new Date().toISOString(),
    machine: machineInfo(),
    store: `PostgreSQL + Redis, ${sizes.map((s) => s.nodes).join(', ')} node processes`,
    results: { cluster: sizes },
  };
  const md = [
    `# Liao cluster benchmark — ${report.date}`,
    '',
    `Machine: ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGiB} GiB, Node ${report.machine.node}. Store: ${report.store}; PostgreSQL, Redis, every node and the load generator share this machine. Cost per message: the databases' own counters (pg_stat_database, pg_stat_user_tables, Redis INFO commandstats) over the run, less a run that only connects and disconnects the same sockets, divided by the messages sent. docs/deploy.md explains the figures.`,
    '',
    '| measure | result |',
    '|---|---|',
    ...clusterLines(sizes),
    '',
  ].join('\n');
  const { jsonPath, mdPath } = writeReport(report, md, '-cluster');
  console.log(`\n${md}\nwritten ${jsonPath}\n        ${mdPath}`);
}

function clientLines(r: ClientAppResult): string[] {
  const s = r.scroll;
  return [
    `| web app, ${r.conversations} conversations and ${r.cachedMessages} messages in the local cache (IndexedDB; filled in ${r.cacheFillSeconds} s): navigation → conversation list drawn (target < 500 ms) | **p50 ${r.listFirstPaintMs.p50} ms**, max ${r.listFirstPaintMs.max} ms (${r.listFirstPaintMs.samples.length} reloads) |`,
    `| · click → chat open with its newest messages drawn (target < 150 ms) | **p50 ${r.chatOpenMs.p50} ms**, max ${r.chatOpenMs.max} ms (${r.chatOpenMs.samples.length} opens) |`,
    `| · wheel-scrolling up the long chat (${r.longChatMessages} messages) for ${s.seconds} s (${s.pixels} px) | ${s.frames} frames, ${s.droppedFrames} dropped; ${s.longTasks} long tasks, longest ${s.longestTaskMs} ms (target: none over 50 ms) |`,
  ];
}

function directLines(r: DirectThroughputResult): string[] {
  const best = r.bestRate === null ? 'none met the bound' : `**${r.bestRate}/s**`;
  return [
    `| one-to-one messages, ${r.pairs} pairs: highest rate with p99 < 100 ms and nothing lost | ${best} |`,
    ...r.steps.map(
      (s) =>
        `| · offered ${s.offeredPerSecond}/s (${r.stepSeconds} s) | delivered ${s.deliveredPerSecond}/s; p50 ${s.latencyMs.p50} ms, p99 ${s.latencyMs.p99} ms, p99.9 ${s.latencyMs.p999} ms; lost ${s.lost}, duplicated ${s.duplicated}, refused ${s.errors} |`,
    ),
  ];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
