import type { Redis, Result } from 'ioredis';
import type { Logger } from 'pino';
import { LocalSocketLedger, type SocketLedger, type SocketRef } from './socketLedger';

/*
 * Each account's live sockets across the cluster, so that the cap on them holds whichever
 * nodes they reached. Keys (under the prefix):
 *   sockets:u:<userId>   sorted set   "<node>#<connection id>" scored by when it opened
 * "node" is the presence tracker's name for this run of the node (social/presence/redisPresence.ts), whose
 * liveness key tells whether the node still lives: a node killed without closing its sockets
 * leaves entries behind, and they are dropped the next time the account goes past its cap
 * (before anything live is closed), so they never cost a live socket its place.
 *
 * Each node also keeps its own sockets in memory (a LocalSocketLedger): while Redis is away
 * the cap holds per node from it, and once Redis is back the node writes them again (they
 * then count as opened at that moment) and removes those that closed meanwhile.
 *
 * As with presence, the script names liveness keys from set members: fine on one Redis
 * server (with replicas or Sentinel), not on Redis Cluster.
 */

/**
 * KEYS: the account's sockets. ARGV: member, score, cap, liveness key prefix. Adds the socket;
 * past the cap, forgets the sockets of dead nodes, then removes and returns the oldest beyond it.
 */
const ADMIT = `
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
local cap = tonumber(ARGV[3])
if redis.call('ZCARD', KEYS[1]) <= cap then return {} end
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local node = string.match(member, '^(.*)#[^#]*$')
  if node == nil or redis.call('EXISTS', ARGV[4] .. node) == 0 then
    redis.call('ZREM', KEYS[1], member)
  end
end
local over = redis.call('ZCARD', KEYS[1]) - cap
if over <= 0 then return {} end
local oldest = redis.call('ZRANGE', KEYS[1], 0, over - 1)
redis.call('ZREM', KEYS[1], unpack(oldest))
return oldest
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    liaoSocketsAdmit(
      key: string,
      member: string,
      score: number,
      cap: number,
      livePrefix: string,
    ): Result<string[], Context>;
  }
}

export interface RedisSocketLedgerOptions {
  redis: Redis;
  /** The connection's keyPrefix (the script builds liveness key names itself). */
  prefix: string;
  /** The presence tracker's name for this node (its liveness key is presence:live:<node>). */
  node: string;
  limit: number;
  log: Logger;
}

export class RedisSocketLedger implements SocketLedger {
  readonly node: string;
  private readonly redis: Redis;
  private readonly livePrefix: string;
  private readonly limit: number;
  private readonly log: Logger;
  private readonly local: LocalSocketLedger;
  /** Sockets that closed while Redis was away, to remove once it is back: "<userId>\n<member>". */
  private readonly unremoved = new Set<string>();
  /** Set when a write failed or the link dropped: Redis may be missing some of our sockets. */
  private resyncNeeded = false;
  /** Orders sockets opened in the same millisecond (scores are milliseconds × 1000 + this). */
  private sequence = 0;
  private stopped = false;
  private readonly onLinkLost = () => {
    this.resyncNeeded = true;
  };
  private readonly onReady = () => void this.resync();

  constructor(options: RedisSocketLedgerOptions) {
    this.redis = options.redis;
    this.node = options.node;
    this.livePrefix = `${options.prefix}presence:live:`;
    this.limit = options.limit;
    this.log = options.log;
    this.local = new LocalSocketLedger(options.limit, options.node);
    this.redis.defineCommand('liaoSocketsAdmit', { numberOfKeys: 1, lua: ADMIT });
    this.redis.on('close', this.onLinkLost);
    this.redis.on('ready', this.onReady);
  }

  async opened(userId: string, connId: string): Promise<SocketRef[]> {
    this.local.add(userId, connId);
    let oldest: string[];
    try {
      oldest = await this.redis.liaoSocketsAdmit(
        this.key(userId),
        this.member(connId),
        this.score(),
        this.limit,
        this.livePrefix,
      );
    } catch (error) {
      if (!this.resyncNeeded) this.log.warn({ err: error }, 'sockets: Redis is away; capping per node');
      this.resyncNeeded = true;
      return this.local.takeExcess(userId);
    }
    const refs = oldest.flatMap((member) => refOf(member) ?? []);
    for (const ref of refs) if (ref.node === this.node) this.local.remove(userId, ref.connId);
    return refs;
  }

  closed(userId: string, connId: string): void {
    this.local.remove(userId, connId);
    const member = this.member(connId);
    this.redis.zrem(this.key(userId), member).catch(() => {
      if (this.stopped) return;
      this.unremoved.add(`${userId}\n${member}`);
      this.resyncNeeded = true;
    });
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.redis.off('close', this.onLinkLost);
    this.redis.off('ready', this.onReady);
    await this.local.close();
  }

  private key(userId: string): string {
    return `sockets:u:${userId}`;
  }

  private member(connId: string): string {
    return `${this.node}#${connId}`;
  }

  private score(): number {
    this.sequence = (this.sequence + 1) % 1000;
    return Date.now() * 1000 + this.sequence;
  }

  /** Back from an outage: writes this node's sockets again and removes those that closed meanwhile. */
  private async resync(): Promise<void> {
    if (this.stopped || !this.resyncNeeded) return;
    this.resyncNeeded = false;
    try {
      for (const entry of [...this.unremoved]) {
        const [userId = '', member = ''] = entry.split('\n');
        await this.redis.zrem(this.key(userId), member);
        this.unremoved.delete(entry);
      }
      for (const { userId, connId } of [...this.local.entries()]) {
        await this.redis.zadd(this.key(userId), 'NX', this.score(), this.member(connId));
      }
    } catch (error) {
      this.resyncNeeded = true;
      this.log.warn(
        { err: error },
        'sockets: rewriting this node’s sockets failed; trying at the next reconnection',
      );
    }
  }
}

/** "<node>#<connection id>" back into its parts (null for anything else). */
function refOf(member: string): SocketRef | null {
  const at = member.lastIndexOf('#');
  if (at <= 0) return null;
  return { node: member.slice(0, at), connId: member.slice(at + 1) };
}
