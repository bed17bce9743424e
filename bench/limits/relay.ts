import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';

/**
 * The bare relay: the ceiling issue 16 asks every benchmark report to measure Liao against, in
 * the same run. It does only what a stored, acknowledged chat message cannot do without: a
 * WebSocket, JSON, and a SQLite group commit with a full sync to disk before the ack. It has
 * none of Liao's features (no sessions, validation, permissions, rate limits, metrics, bus or
 * presence), so the gap between the two is what those features cost.
 *
 * It speaks the part of Liao's wire protocol that bench/src/rawSocket.ts and the one-to-one and
 * fan-out scenarios use, so that they drive it unchanged. Started by setup.ts
 * (startRelayProcess), compiled: `node dist/relay.js <dataDir> [--lifeline]`.
 */

/** As Liao's writer (packages/server/src/messages/writer.ts): at most this many sends per commit. */
const MAX_BATCH = 512;

interface Send {
  socket: WebSocket;
  /** The request frame's id, echoed in the reply. */
  requestId: string;
  senderId: string;
  conversationId: string;
  clientId: string;
  content: unknown;
}

interface Stored {
  conversationId: string;
  seq: number;
  senderId: string;
  clientId: string;
  content: unknown;
  createdAt: number;
}

interface StoredRow {
  conversation_id: string;
  seq: number;
  content: string;
  created_at: number;
}

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: relay.ts <dataDir> [--lifeline]');

const db = new Database(path.join(dataDir, 'relay.db'));
// Liao's pragmas (packages/server/src/db/database.ts): FULL makes each commit reach the disk
// before the call returns, so an ack sent after it holds through a power cut.
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`
  create table if not exists messages (
    conversation_id text not null,
    seq integer not null,
    sender_id text not null,
    client_id text not null,
    content text not null,
    created_at integer not null,
    primary key (conversation_id, seq)
  );
  create unique index if not exists messages_client_id on messages (client_id, sender_id);
`);
const insertMessage = db.prepare<[string, number, string, string, string, number]>(
  `insert into messages (conversation_id, seq, sender_id, client_id, content, created_at)
   values (?, ?, ?, ?, ?, ?) on conflict (client_id, sender_id) do nothing`,
);
const findByClientId = db.prepare<[string, string], StoredRow>(
  'select conversation_id, seq, content, created_at from messages where client_id = ? and sender_id = ?',
);
const findLastSeq = db.prepare<[string], { seq: number | null }>(
  'select max(seq) as seq from messages where conversation_id = ?',
);

/** Each conversation's last committed seq, read from the file the first time it is used. */
const lastSeqs = new Map<string, number>();

function lastSeqOf(conversationId: string): number {
  let seq = lastSeqs.get(conversationId);
  if (seq === undefined) {
    seq = findLastSeq.get(conversationId)?.seq ?? 0;
    lastSeqs.set(conversationId, seq);
  }
  return seq;
}

/**
 * One transaction for the batch. A send whose (sender, client id) is stored already, by an
 * earlier batch or earlier in this one, takes no seq and gets the stored message back; `created`
 * tells the two apart. Seqs are taken in a map of their own and kept only once the commit has
 * returned, so a failed batch leaves no gap.
 */
const writeBatch = db.transaction((batch: Send[], now: number, taken: Map<string, number>) =>
  batch.map((s): { message: Stored; created: boolean } => {
    const seq = (taken.get(s.conversationId) ?? lastSeqOf(s.conversationId)) + 1;
    const { conversationId, senderId, clientId, content } = s;
    const contentJson = JSON.stringify(content);
    if (insertMessage.run(conversationId, seq, senderId, clientId, contentJson, now).changes === 1) {
      taken.set(conversationId, seq);
      return { message: { conversationId, seq, senderId, clientId, content, createdAt: now }, created: true };
    }
    // The insert gave way to the unique index, so the row is there.
    const row = findByClientId.get(clientId, senderId) as StoredRow;
    const message = {
      conversationId: row.conversation_id,
      seq: row.seq,
      senderId,
      clientId,
      content: JSON.parse(row.content),
      createdAt: row.created_at,
    };
    return { message, created: false };
  }),
);

/**
 * Who is in each conversation, registered over HTTP by the bench's setup (POST /conversations)
 * for one-to-one chats and groups alike. Not encoded in the conversation id: a group of 500
 * does not fit in one, and one map look-up per send is as cheap as parsing an id would be.
 * Kept in memory only: each run starts on a fresh data folder.
 */
const members = new Map<string, string[]>();
/** Each user's open sockets (the token names the user). */
const sockets = new Map<string, Set<WebSocket>>();

const queue: Send[] = [];
let flushScheduled = false;

/** Queues a send for the next commit; the reply goes out once that commit has returned. */
function submit(send: Send): void {
  queue.push(send);
  if (!flushScheduled) {
    flushScheduled = true;
    // As Liao's writer: the sends read in this same turn of the event loop join the batch.
    setImmediate(flush);
  }
}

function flush(): void {
  const batch = queue.splice(0, MAX_BATCH);
  flushScheduled = queue.length > 0;
  if (flushScheduled) setImmediate(flush);
  const taken = new Map<string, number>();
  let stored: { message: Stored; created: boolean }[];
  try {
    stored = writeBatch(batch, Date.now(), taken);
  } catch (error) {
    for (const s of batch) replyError(s.socket, s.requestId, 'INTERNAL', String(error));
    return;
  }
  for (const [conversationId, seq] of taken) lastSeqs.set(conversationId, seq);
  stored.forEach(({ message, created }, i) => {
    const send = batch[i] as Send;
    // Serialised once, for the ack and for every recipient's event alike.
    const messageJson = JSON.stringify(message);
    // As Liao (messages/rules.ts doSendMessage): the event to every other socket of every
    // member first, then the ack; a resend is acknowledged again but not announced again.
    if (created) {
      const event = Buffer.from(`{"type":"event","event":{"type":"message.new","message":${messageJson}}}`);
      for (const userId of members.get(message.conversationId) ?? []) {
        for (const socket of sockets.get(userId) ?? []) {
          if (socket !== send.socket) socket.send(event, { binary: false });
        }
      }
    }
    send.socket.send(
      `{"type":"res","id":${JSON.stringify(send.requestId)},"ok":true,"result":{"message":${messageJson}}}`,
    );
  });
}

function replyError(socket: WebSocket, id: string, code: string, message: string): void {
  socket.send(JSON.stringify({ type: 'res', id, ok: false, error: { code, message } }));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Reads a frame only as far as needed not to crash: anything but a send is refused. */
function onFrame(socket: WebSocket, senderId: string, data: RawData): void {
  let frame: unknown;
  try {
    frame = JSON.parse(data.toString());
  } catch {
    return;
  }
  if (!isObject(frame) || frame.type !== 'req' || typeof frame.id !== 'string') return;
  const body = frame.body;
  if (
    frame.op !== 'message.send' ||
    !isObject(body) ||
    typeof body.conversationId !== 'string' ||
    typeof body.clientId !== 'string' ||
    !isObject(body.content)
  ) {
    replyError(socket, frame.id, 'UNSUPPORTED', 'the relay takes only message.send');
    return;
  }
  if (!members.has(body.conversationId)) {
    replyError(socket, frame.id, 'CONVERSATION_NOT_FOUND', 'register it with POST /conversations');
    return;
  }
  submit({
    socket,
    requestId: frame.id,
    senderId,
    conversationId: body.conversationId,
    clientId: body.clientId,
    content: body.content,
  });
}

function onOpen(socket: WebSocket, userId: string): void {
  const own = sockets.get(userId) ?? new Set<WebSocket>();
  sockets.set(userId, own);
  own.add(socket);
  socket.on('message', (data) => onFrame(socket, userId, data));
  socket.on('close', () => {
    own.delete(socket);
    if (own.size === 0) sockets.delete(userId);
  });
  socket.on('error', () => socket.terminate());
  // RawSocket.open waits for a first frame. Liao's hello also names a session, a heartbeat and
  // the server's time; the relay has none of them, so it says only whose socket this is.
  socket.send(JSON.stringify({ type: 'hello', userId }));
}

/** POST /conversations {id, members}: registers a chat or group (setup.ts calls it). */
function onRequest(request: http.IncomingMessage, response: http.ServerResponse): void {
  if (request.method !== 'POST' || request.url !== '/conversations') {
    response.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    try {
      const body: unknown = JSON.parse(Buffer.concat(chunks).toString());
      if (!isObject(body) || typeof body.id !== 'string' || !Array.isArray(body.members)) throw new Error();
      members.set(body.id, body.members.map(String));
      response.writeHead(204).end();
    } catch {
      response.writeHead(400).end('expected {"id": string, "members": string[]}');
    }
  });
}

const server = http.createServer(onRequest);
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (request, socket, head) => {
  const userId = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (request.url !== '/ws' || !userId) {
    socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
    return;
  }
  wss.handleUpgrade(request, socket, head, (ws) => onOpen(ws, userId));
});

function shutDown(): void {
  for (const client of wss.clients) client.terminate();
  server.close();
  db.close();
  process.exit(0);
}
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
// --lifeline: the parent holds our stdin open; when it ends, the parent is gone (even killed
// with -9), and a relay left behind would hold its port and data folder.
if (process.argv.includes('--lifeline')) {
  process.stdin.on('end', shutDown).resume();
}

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`relay running at http://127.0.0.1:${port}\n`);
});
