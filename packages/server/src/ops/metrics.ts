import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { MessageWriter } from '../chat/messages';
import type { Db, Store } from '../platform/db/database';
import { countJobsByState } from '../platform/jobs/jobQueue';
import type { ConnectionRegistry } from '../platform/sockets/connections';
import type { OpHandler, OpHandlers } from '../platform/sockets/ops';

/**
 * From 1 ms (a send acknowledged by a quiet node) to 5 s (a store in trouble): the range an
 * operator needs to tell "fine" from "slow" from "stuck". Longer waits land in +Inf.
 */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** A scrape reuses a job count younger than this instead of querying again. */
const JOB_COUNT_MAX_AGE_MS = 5000;
/** A scrape never waits longer than this for the job count; the last one known is reported. */
const JOB_COUNT_TIMEOUT_MS = 1000;

/** What the gauges read at each scrape, given once those parts of the server exist. */
export interface MetricSources {
  connections: ConnectionRegistry;
  writer: MessageWriter;
  store: Store;
}

export interface Metrics {
  /** This server's metrics (process metrics live in a registry of their own, see processText). */
  readonly registry: Registry;
  /** The gateway's handlers, with message.send and sync timed from request to answer. */
  timeOps(handlers: OpHandlers): OpHandlers;
  /** Records one HTTP request. */
  observeHttp(route: string, method: string, status: number, seconds: number): void;
  /** Points the gauges at the parts they read. */
  watch(sources: MetricSources): void;
  /** The text exposition of the process and this server's metrics. */
  text(): Promise<string>;
}

export function createMetrics(nodeId: string): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ node: nodeId });
  const registers = [registry];
  let sources: MetricSources | undefined;

  new Gauge({
    name: 'liao_websocket_connections',
    help: 'Live WebSocket connections (/ws) on this node.',
    registers,
    collect() {
      if (sources) this.set(sources.connections.size);
    },
  });
  let storedSeen = 0;
  new Counter({
    name: 'liao_messages_stored_total',
    help: 'Messages this node has stored (rate() gives messages per second).',
    registers,
    collect() {
      if (!sources) return;
      const stored = sources.writer.storedCount;
      this.inc(stored - storedSeen);
      storedSeen = stored;
    },
  });
  let commitsSeen = 0;
  new Counter({
    name: 'liao_message_commits_total',
    help: 'Group-commit transactions the message writer has committed (stored ÷ commits = messages per commit).',
    registers,
    collect() {
      if (!sources) return;
      const commits = sources.writer.commitCount;
      this.inc(commits - commitsSeen);
      commitsSeen = commits;
    },
  });
  new Gauge({
    name: 'liao_message_writer_queue',
    help: 'Sends waiting for the next group-commit transaction.',
    registers,
    collect() {
      if (sources) this.set(sources.writer.pendingCount);
    },
  });
  const sendSeconds = new Histogram({
    name: 'liao_message_send_duration_seconds',
    help: 'From a message.send request to its acknowledgement (the message is stored).',
    labelNames: ['outcome'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const commitSeconds = new Histogram({
    name: 'liao_message_commit_duration_seconds',
    help: "One group commit: from handing a batch of sends to the store to its commit, the disk's sync included.",
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const syncSeconds = new Histogram({
    name: 'liao_sync_duration_seconds',
    help: 'From a sync request to its answer.',
    labelNames: ['outcome'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const httpSeconds = new Histogram({
    name: 'liao_http_request_duration_seconds',
    help: 'HTTP requests by route pattern, method and status class.',
    labelNames: ['route', 'method', 'status_class'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const jobCount = cachedJobCount();
  new Gauge({
    name: 'liao_transcode_jobs',
    help: 'Transcode jobs waiting (queued) and running, in the whole store.',
    labelNames: ['state'],
    registers,
    async collect() {
      if (!sources) return;
      const counts = await jobCount(sources.store.db);
      if (!counts) return;
      for (const state of ['queued', 'running']) this.set({ state }, counts[state] ?? 0);
    },
  });
  new Gauge({
    name: 'liao_db_pool_connections',
    help: 'Database connections by state; SQLite reports its one connection as total.',
    labelNames: ['state'],
    registers,
    collect() {
      if (!sources) return;
      const pool = sources.store.pool;
      if (!pool) {
        this.set({ state: 'total' }, 1);
        return;
      }
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });

  return {
    registry,
    timeOps(handlers) {
      return {
        ...handlers,
        'message.send': timed(sendSeconds, handlers['message.send']),
        sync: timed(syncSeconds, handlers.sync),
      };
    },
    observeHttp(route, method, status, seconds) {
      httpSeconds.observe({ route, method, status_class: `${Math.floor(status / 100)}xx` }, seconds);
    },
    watch(next) {
      sources = next;
      next.writer.onCommit = (seconds) => commitSeconds.observe(seconds);
    },
    async text() {
      const process = processRegistry();
      process.setDefaultLabels({ node: nodeId });
      return (await process.metrics()) + (await registry.metrics());
    },
  };
}

function timed<H extends OpHandler>(histogram: Histogram<'outcome'>, handler: H): H {
  return (async (caller, body) => {
    const stop = histogram.startTimer();
    try {
      const result = await handler(caller, body);
      stop({ outcome: 'ok' });
      return result;
    } catch (error) {
      stop({ outcome: 'error' });
      throw error;
    }
  }) as H;
}

let shared: Registry | undefined;
/**
 * Process metrics (CPU, memory, event loop lag, GC) in one registry per process: collecting
 * them starts observers that are never stopped, so each server of a test run must not start
 * its own. A process runs one node in production, whose id labels them.
 */
function processRegistry(): Registry {
  if (!shared) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}

/**
 * The job count for scrapes: a query at most every JOB_COUNT_MAX_AGE_MS, answered within
 * JOB_COUNT_TIMEOUT_MS or not at all (undefined), so that a slow store never holds a scrape.
 */
function cachedJobCount(): (db: Db) => Promise<Record<string, number> | undefined> {
  let last: { at: number; counts: Record<string, number> } | undefined;
  let pending: Promise<void> | undefined;
  return async (db) => {
    if (last && Date.now() - last.at < JOB_COUNT_MAX_AGE_MS) return last.counts;
    pending ??= countJobsByState(db)
      .then((counts) => {
        last = { at: Date.now(), counts };
      })
      .catch(() => {
        // Reported as missing this time; /readyz is where an unreachable store shows.
      })
      .finally(() => {
        pending = undefined;
      });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, JOB_COUNT_TIMEOUT_MS);
    });
    await Promise.race([pending, timeout]);
    clearTimeout(timer);
    return last?.counts;
  };
}
