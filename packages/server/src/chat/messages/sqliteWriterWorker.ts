/**
 * The message writer's thread on SQLite (see SqliteWriterThread): its own connection to the
 * database file, the send batch's statements prepared on it once, and one transaction at a
 * time. It imports better-sqlite3 and the batch's own logic, nothing more (no kysely, no zod,
 * no protocol), so that it starts in milliseconds.
 *
 * The main thread posts sends as they arrive, without waiting for the transaction before.
 * Whatever has been posted by the time a commit is done goes into the next transaction, so
 * this thread never sits idle while the main thread acknowledges and delivers the batch before.
 */
import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { openSqliteConnection } from '../../platform/db/sqliteConnection';
import { type SendRequest, type SendVerdict, writeSendBatch } from './sendBatch';
import { sqliteSendStatements } from './sqliteStatements';
import {
  type BatchRequest,
  type CompactVerdict,
  MAX_MERGED,
  type WriterReply,
  type WriterRequest,
  type WriterThreadData,
} from './writerThreadProtocol';

const port: MessagePort = (() => {
  if (!parentPort) throw new Error('the SQLite writer runs as a worker thread');
  return parentPort;
})();
const { file, plans } = workerData as WriterThreadData;
const connection = openSqliteConnection(file);
const statements = sqliteSendStatements(connection, plans);

const pending: BatchRequest[] = [];
let closing = false;
let running = false;

function take(request: WriterRequest): void {
  if (request.type === 'close') closing = true;
  else pending.push(request);
}

port.on('message', (request: WriterRequest) => {
  take(request);
  if (!running) void run();
});

/** Writes every posted batch, merged into as few transactions as MAX_MERGED allows; closes when asked and done. */
async function run(): Promise<void> {
  running = true;
  for (;;) {
    for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port))
      take(next.message as WriterRequest);
    if (pending.length === 0) break;
    const group = takeGroup();
    port.postMessage(await writeGroup(group));
  }
  running = false;
  if (closing) {
    connection.close();
    port.close();
  }
}

/** The batches of the next transaction: at least one, and no more requests than MAX_MERGED unless one batch alone has more. */
function takeGroup(): BatchRequest[] {
  let count = 0;
  let n = 0;
  while (
    n < pending.length &&
    (n === 0 || count + (pending[n] as BatchRequest).requests.length <= MAX_MERGED)
  ) {
    count += (pending[n] as BatchRequest).requests.length;
    n++;
  }
  return pending.splice(0, n);
}

async function writeGroup(group: BatchRequest[]): Promise<WriterReply> {
  const requests = group.flatMap((batch) => batch.requests);
  // The latest batch's clock: every message of one transaction is stored at one time.
  const now = Math.max(...group.map((batch) => batch.now));
  try {
    const verdicts = await writeInTransaction(requests, now);
    let from = 0;
    return {
      at: now,
      batches: group.map((batch) => {
        const own = verdicts.slice(from, from + batch.requests.length);
        from += batch.requests.length;
        return { id: batch.id, verdicts: own.map(compact) };
      }),
    };
  } catch (error) {
    const { message, code } = error as { message?: string; code?: unknown };
    return {
      ids: group.map((batch) => batch.id),
      error: { message: String(message), code: typeof code === 'string' ? code : undefined },
    };
  }
}

async function writeInTransaction(requests: readonly SendRequest[], now: number): Promise<SendVerdict[]> {
  // IMMEDIATE: the write lock is taken at the start, so the batch never reads a snapshot that
  // another connection's commit would make it unable to write from.
  connection.exec('begin immediate');
  try {
    const verdicts = await writeSendBatch(statements, requests, now);
    connection.exec('commit');
    return verdicts;
  } catch (error) {
    if (connection.inTransaction) connection.exec('rollback');
    throw error;
  }
}

/** A stored message goes back as the three values the main thread does not have (it knows the rest). */
function compact(verdict: SendVerdict): CompactVerdict {
  if (verdict.kind !== 'stored') return verdict;
  return { kind: 'stored', id: verdict.row.id, seq: verdict.row.seq, pos: verdict.row.pos };
}
