import type { Selectable } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from '../db/database';
import type { DialectName } from '../db/dialect';
import type { JobsTable } from '../db/schema';
import { newId } from '../ids';

/** A job taken this many times (its node died each time) is given up rather than crash-looping. */
const MAX_ATTEMPTS = 3;
/** Progress writes at most this often, so an encode does not hammer the store. */
const PROGRESS_EVERY_MS = 500;

export type Job = Selectable<JobsTable>;

/**
 * Thrown by a handler whose job cannot run now for a reason outside it (a service it needs is
 * out of reach): the job goes back to the queue uncounted and is tried again after a pause,
 * instead of failing for good.
 */
export class RetryLater extends Error {}

/** What a running job can do besides its work: report progress (which also keeps its lease). */
export interface JobControl {
  progress(fraction: number): Promise<void>;
  /** Aborted when this node lost the job (its lease expired and another node took it) or on close. */
  signal: AbortSignal;
}

export interface JobHandler {
  run(job: Job, control: JobControl): Promise<void>;
  /** The job will not be tried again: tell whoever waits for it. */
  failed(job: Job, reason: string): Promise<void>;
  /**
   * Delete the job's row once it is done, instead of keeping it as 'done': for jobs made often
   * (a push per burst of messages) whose record nobody reads afterwards.
   */
  forgetWhenDone?: boolean;
}

export interface JobQueueOptions {
  db: Db;
  dialect: DialectName;
  handlers: Record<string, JobHandler>;
  concurrency: number;
  leaseMs: number;
  pollMs: number;
  now(): number;
  log: Logger;
}

export interface JobQueue {
  /**
   * Adds a job (inside the caller's transaction when `db` is one); call `wake` after commit.
   * `runAfter` (ms, the queue's clock) holds it back until then: a retry after a pause.
   */
  enqueue(db: Db, kind: string, payload: unknown, options?: { runAfter?: number }): Promise<string>;
  /** Registers the handler of a kind of job (before start). */
  handle(kind: string, handler: JobHandler): void;
  /** Looks for work now instead of at the next poll. */
  wake(): void;
  start(): void;
  /** Stops taking jobs and aborts those running (their leases expire; another start retakes them). */
  close(): Promise<void>;
}

/**
 * A job queue in the store. A job is claimed by setting its lock (node id and lease) in one
 * statement: on PostgreSQL the candidate row is picked FOR UPDATE SKIP LOCKED, so several nodes
 * never take the same job; on SQLite the single statement is atomic in the one process. Jobs
 * whose node died while running are taken again once their lease has expired.
 */
export function createJobQueue(options: JobQueueOptions): JobQueue {
  const { db, handlers, log } = options;
  const nodeId = newId();
  const running = new Map<string, AbortController>();
  const finished = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let looking = false;
  let lookAgain = false;

  async function claim(): Promise<Job | undefined> {
    const now = options.now();
    // Several queues share the table (videos' transcodes, pushes): each takes only its own kinds.
    const kinds = Object.keys(handlers);
    if (kinds.length === 0) return undefined;
    const due = db
      .selectFrom('jobs')
      .select('id')
      .where('kind', 'in', kinds)
      .where((eb) =>
        eb.or([
          eb.and([eb('state', '=', 'queued'), eb('run_after', '<=', now)]),
          eb.and([eb('state', '=', 'running'), eb('locked_until', '<', now)]),
        ]),
      )
      .orderBy('run_after')
      .limit(1);
    const pick = options.dialect === 'postgres' ? due.forUpdate().skipLocked() : due;
    return db
      .updateTable('jobs')
      .set((eb) => ({
        state: 'running',
        locked_by: nodeId,
        locked_until: now + options.leaseMs,
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', pick)
      .returningAll()
      .executeTakeFirst();
  }

  async function finish(job: Job, state: 'done' | 'failed', error: string | null): Promise<void> {
    await db
      .updateTable('jobs')
      .set({ state, error, locked_by: null, locked_until: null, updated_at: options.now() })
      .where('id', '=', job.id)
      .where('locked_by', '=', nodeId)
      .execute();
  }

  async function forget(job: Job): Promise<void> {
    await db.deleteFrom('jobs').where('id', '=', job.id).where('locked_by', '=', nodeId).execute();
  }

  /** Hands the job back uncounted: at once (a shutdown) or after a pause (RetryLater). */
  async function release(job: Job, retry?: { afterMs: number; reason: string }): Promise<void> {
    const now = options.now();
    await db
      .updateTable('jobs')
      .set((eb) => ({
        state: 'queued',
        locked_by: null,
        locked_until: null,
        attempts: eb('attempts', '-', 1),
        updated_at: now,
        ...(retry ? { run_after: now + retry.afterMs, error: retry.reason } : {}),
      }))
      .where('id', '=', job.id)
      .where('locked_by', '=', nodeId)
      .execute();
  }

  /** Renews the lease; false when another node has taken the job meanwhile. */
  async function renew(job: Job, progress?: number): Promise<boolean> {
    const now = options.now();
    const result = await db
      .updateTable('jobs')
      .set({
        locked_until: now + options.leaseMs,
        updated_at: now,
        ...(progress === undefined ? {} : { progress }),
      })
      .where('id', '=', job.id)
      .where('locked_by', '=', nodeId)
      .where('state', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async function execute(job: Job): Promise<void> {
    const handler = handlers[job.kind];
    if (!handler) {
      await finish(job, 'failed', `no handler for ${job.kind}`);
      return;
    }
    if (job.attempts > MAX_ATTEMPTS) {
      await finish(job, 'failed', 'gave up after repeated interruptions');
      await handler.failed(job, 'interrupted');
      return;
    }
    const abort = new AbortController();
    running.set(job.id, abort);
    const lost = () => abort.abort(new Error('lease lost'));
    const heartbeat = setInterval(() => {
      renew(job).then((kept) => kept || lost(), lost);
    }, options.leaseMs / 3);
    let lastWrite = 0;
    const control: JobControl = {
      signal: abort.signal,
      async progress(fraction) {
        const now = Date.now();
        if (now - lastWrite < PROGRESS_EVERY_MS && fraction < 1) return;
        lastWrite = now;
        // Like the heartbeat: a lease that cannot be renewed (taken over, or the store gone
        // while shutting down) stops the work rather than failing somewhere unawaited.
        const kept = await renew(job, fraction).catch(() => false);
        if (!kept) lost();
      },
    };
    try {
      await handler.run(job, control);
      if (!abort.signal.aborted) {
        if (handler.forgetWhenDone) await forget(job);
        else await finish(job, 'done', null);
      }
    } catch (error) {
      if (abort.signal.aborted) {
        // A clean shutdown hands the job back at once; a lost lease means another node has it.
        if (closed) await release(job);
        return;
      }
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof RetryLater) {
        log.warn({ jobId: job.id, kind: job.kind, reason }, 'job postponed');
        await release(job, { afterMs: options.leaseMs / 4, reason });
        return;
      }
      log.warn({ jobId: job.id, kind: job.kind, reason }, 'job failed');
      await finish(job, 'failed', reason);
      await handler.failed(job, reason);
    } finally {
      clearInterval(heartbeat);
      running.delete(job.id);
    }
  }

  async function lookForWork(): Promise<void> {
    if (looking) {
      lookAgain = true;
      return;
    }
    looking = true;
    try {
      do {
        lookAgain = false;
        while (!closed && running.size < options.concurrency) {
          const job = await claim();
          if (!job) break;
          const done = execute(job)
            .catch((error) => log.error({ err: error, jobId: job.id }, 'job bookkeeping failed'))
            .finally(() => {
              finished.delete(done);
              if (!closed) void lookForWork();
            });
          finished.add(done);
        }
      } while (lookAgain && !closed);
    } catch (error) {
      if (!closed) log.error({ err: error }, 'looking for jobs failed');
    } finally {
      looking = false;
    }
  }

  return {
    async enqueue(target, kind, payload, enqueueOptions) {
      const id = newId(options.now());
      const now = options.now();
      const runAfter = enqueueOptions?.runAfter ?? now;
      await target
        .insertInto('jobs')
        .values({
          id,
          kind,
          payload: JSON.stringify(payload),
          state: 'queued',
          run_after: runAfter,
          locked_by: null,
          locked_until: null,
          error: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return id;
    },
    handle(kind, handler) {
      handlers[kind] = handler;
    },
    wake() {
      if (!closed && options.concurrency > 0) void lookForWork();
    },
    start() {
      if (options.concurrency <= 0) return;
      timer = setInterval(() => void lookForWork(), options.pollMs);
      timer.unref();
      void lookForWork();
    },
    async close() {
      closed = true;
      clearInterval(timer);
      for (const abort of running.values()) abort.abort(new Error('closing'));
      await Promise.allSettled([...finished]);
    },
  };
}

/** How many jobs are in each state (queue depth for metrics and `liao stats`); read-only. */
export async function countJobsByState(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('jobs')
    .select(['state', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy('state')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}
