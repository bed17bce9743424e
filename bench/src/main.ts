import { parseArgs } from 'node:util';
import { machineInfo, type Report, writeReport } from './report';
import { measureAuthenticatedReads } from './scenarios/httpRequests';
import { measureIdleConnections } from './scenarios/idleConnections';
import { measureLiveEvents } from './scenarios/liveEvents';
import { measureSignIns } from './scenarios/signIn';
import { startServerProcess } from './serverProcess';
import { registerUsers } from './users';

/**
 * `npm run bench`: starts the built server on its embedded default (SQLite, in-process bus)
 * as a child process and measures it from this separate load-generator process.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string', default: '5000' },
      users: { type: 'string', default: '20' },
      seconds: { type: 'string', default: '5' },
    },
  });
  const connections = Number(values.connections);
  const server = await startServerProcess();
  console.log(`server ${server.url} (pid ${server.pid})`);
  try {
    const users = await registerUsers(server.url, Number(values.users), 'bench');
    console.log('measuring memory per idle connection…');
    const idle = await measureIdleConnections(server, users, connections);
    console.log('measuring authenticated reads…');
    const reads = await measureAuthenticatedReads(server.url, users, 32, Number(values.seconds));
    console.log('measuring write-to-device event latency…');
    const events = await measureLiveEvents(server.url, users, 50);
    console.log('measuring password sign-ins…');
    const signIns = await measureSignIns(server.url, users, 40, 4);

    const report: Report = {
      date: new Date().toISOString(),
      machine: machineInfo(),
      store: 'SQLite (WAL, synchronous=FULL), in-process bus, one server process',
      results: { idleConnections: idle, authenticatedReads: reads, liveEvents: events, signIns },
    };
    const md = [
      `# Liao benchmark — ${report.date}`,
      '',
      `Machine: ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGiB} GiB, Node ${report.machine.node}. Store: ${report.store}. The load generator runs on the same machine.`,
      '',
      '| measure | result |',
      '|---|---|',
      `| memory per idle authenticated WebSocket (${idle.connections} connections) | **${idle.kibPerConnection} KiB** (RSS ${idle.rssBeforeMiB} → ${idle.rssAfterMiB} MiB; connected in ${idle.connectSeconds} s) |`,
      `| authenticated reads, ${reads.endpoint}, ${reads.concurrency} in flight | **${reads.perSecond}/s**, p50 ${reads.latencyMs.p50} ms, p99 ${reads.latencyMs.p99} ms, ${reads.errors} errors |`,
      `| profile change → event on the user's other device (${events.users} users × ${events.updatesPerUser}) | p50 ${events.latencyMs.p50} ms, p99 ${events.latencyMs.p99} ms, max ${events.latencyMs.max} ms, ${events.lost} lost |`,
      `| password sign-ins (argon2id 19 MiB, 2 passes), ${signIns.concurrency} in flight | ${signIns.perSecond}/s, p50 ${signIns.latencyMs.p50} ms, p99 ${signIns.latencyMs.p99} ms |`,
      '',
    ].join('\n');
    const { jsonPath, mdPath } = writeReport(report, md);
    console.log(`\n${md}\nwritten ${jsonPath}\n        ${mdPath}`);
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
