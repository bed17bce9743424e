import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import type { DirectPair } from '../src/scenarios/directThroughput';
import type { FanoutUser } from '../src/scenarios/groupFanout';
import { profileArgs, type ServerProcess, superviseChild } from '../src/serverProcess';
import { pool } from '../src/stats';

/**
 * A user of the bare relay. Its token is its id: the relay has no accounts or sessions, and
 * nothing to sign in to. There is no SDK client either, which is why the scenarios take
 * DirectPair and FanoutUser (tokens only) rather than BenchUser.
 */
export interface RelayUser extends FanoutUser {
  userId: string;
}

export interface RelayPair extends DirectPair {
  a: RelayUser;
  b: RelayUser;
}

export interface RelayProcess extends ServerProcess {
  /** The relay's SQLite file, there until stop() (to check what a run stored). */
  dbFile: string;
}

const RELAY_SOURCE = path.resolve(import.meta.dirname, 'relay.ts');
/** Beside the source, so that its imports find the repository's node_modules; dist/ is ignored by git. */
const RELAY_BUILT = path.resolve(import.meta.dirname, 'dist/relay.js');

/**
 * Starts the bare relay as its own process, like startServerProcess starts Liao: a fresh data
 * folder, a free port on 127.0.0.1, its URL read from its stdout.
 */
export async function startRelayProcess(): Promise<RelayProcess> {
  buildRelay();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-relay-'));
  const child = spawn(process.execPath, [...profileArgs(), RELAY_BUILT, dataDir, '--lifeline'], {
    // stdin is the lifeline (see relay.ts): it closes when this process dies, however it dies.
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const relay = await superviseChild('relay', child, /relay running at (http:\/\/\S+)/, dataDir);
  return { ...relay, dbFile: path.join(dataDir, 'relay.db') };
}

/**
 * Compiles relay.ts to plain JavaScript, so that the relay runs on bare Node as Liao's built
 * server does: under tsx, its loader thread would add about 35 MiB to the relay's RSS.
 */
function buildRelay(): void {
  const { outputText } = ts.transpileModule(fs.readFileSync(RELAY_SOURCE, 'utf8'), {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
    },
  });
  fs.mkdirSync(path.dirname(RELAY_BUILT), { recursive: true });
  // Written aside and renamed, so that a relay starting at the same moment never reads half a file.
  const partial = `${RELAY_BUILT}.${process.pid}`;
  fs.writeFileSync(partial, outputText);
  fs.renameSync(partial, RELAY_BUILT);
}

/** `count` relay users; nothing to register, as a token only names its user. */
export function relayUsers(count: number): RelayUser[] {
  return Array.from({ length: count }, () => {
    // UUIDs, as Liao's ids, so that the frames carry ids of the same length.
    const userId = randomUUID();
    return { userId, token: userId };
  });
}

/** `count` one-to-one chats between fresh users, each registered with the relay. */
export async function relayPairs(url: string, count: number): Promise<RelayPair[]> {
  const pairs = Array.from({ length: count }, () => {
    const [a, b] = relayUsers(2) as [RelayUser, RelayUser];
    return { a, b, conversationId: randomUUID() };
  });
  await pool(pairs, 8, (p) => registerConversation(url, p.conversationId, [p.a.userId, p.b.userId]));
  return pairs;
}

/** One group of the owner and the members, as makeFanoutGroup makes on Liao; returns its id. */
export async function relayFanoutGroup(url: string, owner: RelayUser, members: RelayUser[]): Promise<string> {
  const conversationId = randomUUID();
  await registerConversation(url, conversationId, [owner.userId, ...members.map((m) => m.userId)]);
  return conversationId;
}

async function registerConversation(url: string, id: string, members: string[]): Promise<void> {
  const res = await fetch(`${url}/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, members }),
  });
  if (!res.ok) throw new Error(`relay refused conversation ${id}: ${res.status} ${await res.text()}`);
}
