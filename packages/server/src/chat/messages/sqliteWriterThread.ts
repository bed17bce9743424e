import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SendRequest, SendVerdict } from './sendBatch';
import { type SqliteSendPlans, sqliteSendPlans } from './sqliteSendPlans';
import {
  type CompactVerdict,
  storedRow,
  type WriterReply,
  type WriterRequest,
  type WriterThreadData,
} from './writerThreadProtocol';

interface Waiting {
  requests: readonly SendRequest[];
  resolve(verdicts: SendVerdict[]): void;
  reject(error: unknown): void;
}

/**
 * Runs the send batches' transactions on a worker thread with a connection of its own
 * (sqliteWriterWorker.ts), so that SQLite's statements, its commit and the fsync before each
 * acknowledgement take the second core instead of blocking the thread that parses frames and
 * writes sockets. Batches may be posted while earlier ones are being written: the thread
 * merges what waits into its next transaction. A thread that dies fails the batches it held
 * (their sends are answered with the error and may be sent again) and the next batch starts
 * another.
 */
export class SqliteWriterThread {
  /** Transactions the thread has committed. */
  transactions = 0;
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();

  /** Starts the thread at once: no send should wait for it to load. */
  constructor(private readonly file: string) {
    this.start();
  }

  write(requests: readonly SendRequest[], now: number): Promise<SendVerdict[]> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { requests, resolve, reject });
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
    worker.on('message', (reply: WriterReply) => this.answer(reply));
    worker.on('error', (error) => this.failAll(worker, error));
    worker.on('exit', (code) => this.failAll(worker, new Error(`the SQLite writer thread exited (${code})`)));
    this.worker = worker;
    return worker;
  }

  private answer(reply: WriterReply): void {
    if ('error' in reply) {
      const error = Object.assign(new Error(reply.error.message), { code: reply.error.code });
      for (const id of reply.ids) this.settle(id)?.reject(error);
      return;
    }
    this.transactions++;
    for (const batch of reply.batches) {
      const waiting = this.settle(batch.id);
      waiting?.resolve(batch.verdicts.map((v, i) => expand(v, waiting.requests[i] as SendRequest, reply.at)));
    }
  }

  private settle(id: number): Waiting | undefined {
    const waiting = this.waiting.get(id);
    this.waiting.delete(id);
    return waiting;
  }

  private failAll(worker: Worker, error: Error): void {
    if (this.worker === worker) this.worker = undefined;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}

function expand(verdict: CompactVerdict, request: SendRequest, at: number): SendVerdict {
  if (verdict.kind !== 'stored') return verdict;
  return { kind: 'stored', row: storedRow(request, verdict, at) };
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
