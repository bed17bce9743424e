/**
 * The message writer's thread on SQLite (see SqliteWriterThread): its own connection to the
 * database file, the send batch's statements prepared on it once, and one batch at a time,
 * each in one transaction. It imports better-sqlite3 and the batch's own logic, nothing
 * more (no kysely, no zod, no protocol), so that it starts in milliseconds.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteConnection } from '../db/sqliteConnection';
import { type SendRequest, writeSendBatch } from './sendBatch';
import { sqliteSendStatements } from './sqliteStatements';
import type { WriterReply, WriterRequest, WriterThreadData } from './sqliteWriterThread';

const port = parentPort;
if (!port) throw new Error('the SQLite writer runs as a worker thread');
const { file, plans } = workerData as WriterThreadData;
const connection = openSqliteConnection(file);
const statements = sqliteSendStatements(connection, plans);

async function writeBatch(requests: readonly SendRequest[], now: number) {
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

let turn = Promise.resolve();
port.on('message', (request: WriterRequest) => {
  if (request.type === 'close') {
    turn = turn.then(() => {
      connection.close();
      port.close();
    });
    return;
  }
  turn = turn.then(async () => {
    let reply: WriterReply;
    try {
      reply = { id: request.id, verdicts: await writeBatch(request.requests, request.now) };
    } catch (error) {
      const { message, code } = error as { message?: string; code?: unknown };
      reply = {
        id: request.id,
        error: { message: String(message), code: typeof code === 'string' ? code : undefined },
      };
    }
    port.postMessage(reply);
  });
});
