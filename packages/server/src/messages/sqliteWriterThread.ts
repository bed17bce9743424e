import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SendRequest, SendVerdict } from './sendBatch';
import { type SqliteSendPlans, sqliteSendPlans } from './sqliteSendPlans';

/** What the thread is started with: the database file, and its statements compiled here. */
export interface WriterThreadData {
  file: string;
  plans: SqliteSendPlans;
}

/** What the main thread asks of the writer's thread. */
export type WriterRequest =
  | { type: 'batch'; id: number; requests: readonly SendRequest[]; now: number }
  | { type: 'close' };

/** The thread's answer to one batch: a verdict per send, or why the transaction failed (rolled back). */
export type WriterReply =
  | { id: number; verdicts: SendVerdict[] }
  | { id: number; error: { message: string; code: string | undefined } };

interface Waiting {
  resolve(verdicts: SendVerdict[]): void;
  reject(error: unknown): void;
}

/**
 * Runs the send batches' transactions on a worker thread with a connection of its own
 * (sqliteWriterWorker.ts), so that SQLite's statements, its commit and the fsync before each
 * acknowledgement take the second core instead of blocking the thread that parses frames and
 * writes sockets. One batch at a time. A thread that dies fails the batches it held (their
 * sends are answered with the error and may be sent again) and the next batch starts another.
 */
export class SqliteWriterThread {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();

  /** Starts the thread at once: loading it takes a few hundred milliseconds, which no send should wait for. */
  constructor(private readonly file: string) {
    this.start();
  }

  write(requests: readonly SendRequest[], now: number): Promise<SendVerdict[]> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ type: 'batch', id, requests, now } satisfies WriterRequest);
    });
  }

  /** Closes the thread's connection once the batches already sent are written. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage({ type: 'close' } satisfies WriterRequest);
    await exited;
  }

  private start(): Worker {
    plans ??= sqliteSendPlans();
    const workerData: WriterThreadData = { file: this.file, plans };
    // From the built server (dist/main.js) the worker is its own bundle beside it. From the
    // sources (tests, tsx) it is bundled here, once per process (sourceBundle).
    const worker = import.meta.url.endsWith('.ts')
      ? new Worker(sourceBundle(), { eval: true, workerData })
      : new Worker(new URL('./sqliteWriterWorker.js', import.meta.url), { workerData });
    worker.on('message', (reply: WriterReply) => {
      const waiting = this.waiting.get(reply.id);
      if (!waiting) return;
      this.waiting.delete(reply.id);
      if ('verdicts' in reply) waiting.resolve(reply.verdicts);
      else waiting.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
    });
    worker.on('error', (error) => this.failAll(worker, error));
    worker.on('exit', (code) => this.failAll(worker, new Error(`the SQLite writer thread exited (${code})`)));
    this.worker = worker;
    return worker;
  }

  private failAll(worker: Worker, error: Error): void {
    if (this.worker === worker) this.worker = undefined;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}

let plans: SqliteSendPlans | undefined;
let bundled: string | undefined;

/**
 * The worker's TypeScript sources bundled into one script with esbuild (a development
 * dependency, as tsx is, and present wherever the sources run). Node 20 does not pass tsx's
 * loader on to workers; registering it in each thread cost most of a second per server, and
 * the test suites start hundreds. better-sqlite3 stays external, required from here.
 */
function sourceBundle(): string {
  if (bundled !== undefined) return bundled;
  const require = createRequire(import.meta.url);
  const esbuild = require('esbuild') as typeof import('esbuild');
  const entry = new URL('./sqliteWriterWorker.ts', import.meta.url);
  const { outputFiles } = esbuild.buildSync({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['better-sqlite3'],
    write: false,
    logLevel: 'warning',
  });
  const code = outputFiles[0]?.text ?? '';
  // An eval'd worker's own require resolves from the working directory, not from here.
  bundled = `(function (require) {\n${code}\n})(require('node:module').createRequire(${JSON.stringify(entry.href)}));`;
  return bundled;
}
