import { randomBytes } from 'node:crypto';
import type { Redis, Result } from 'ioredis';
import type { Logger } from 'pino';
import { guarded } from '../../platform/backplane/redisConnection';
import { AnnouncementQueue, type PresenceAnnouncer, type PresenceTracker } from './tracker';

/*
 * Presence across nodes: a user is online when some live node holds a connection of theirs.
 *
 * Keys (under the prefix):
 *   presence:u:<userId>      hash   node → how many of the user's connections it holds
 *   presence:live:<node>     string the node's liveness, refreshed every refreshMs, expiring after livenessTtlMs
 *   presence:users:<node>    set    the users the node holds (to clean up after it)
 *   presence:nodes           set    every node that registered and was not yet cleaned up
 *   presence:sweep           string a short lock: one node at a time looks for dead ones
 * "node" is one run of a process (its LIAO_NODE_ID and a random suffix), so a node restarted
 * under the same id never inherits counts that its previous run left behind.
 *
 * Each node keeps its own counts in memory and writes the user's count (not an increment) to
 * the user's hash, in a script that also says whether the user's online state changed over
 * all live nodes: that is when friends are told. Writing the count rather than adding to it
 * makes every write repair whatever an earlier failed one left wrong; while Redis is away
 * writes fail, and once it is back the node writes all its counts again (resync).
 *
 * A node killed without cleaning up stops refreshing its liveness key; once that expires its
 * counts no longer make anyone online, and a sweeping node removes them and announces
 * "offline" for users who have no live node left. Nothing is kept per connection.
 *
 * The scripts name liveness keys from hash fields, keys Redis was not told of in advance:
 * fine on one Redis server (with replicas or Sentinel), not on Redis Cluster.
 */

const ONLINE = `
local function online(userKey, livePrefix)
  local fields = redis.call('HGETALL', userKey)
  for i = 1, #fields, 2 do
    if tonumber(fields[i + 1]) > 0 and redis.call('EXISTS', livePrefix .. fields[i]) == 1 then
      return true
    end
  end
  return false
end
`;

/** KEYS: user hash, node's users set. ARGV: node, count, live prefix, user id. 1 when online-ness changed. */
const SET_COUNT = `${ONLINE}
local before = online(KEYS[1], ARGV[3])
if tonumber(ARGV[2]) > 0 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  redis.call('SADD', KEYS[2], ARGV[4])
else
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('SREM', KEYS[2], ARGV[4])
end
if online(KEYS[1], ARGV[3]) ~= before then return 1 end
return 0
`;

/** KEYS: user hash. ARGV: live prefix. */
const IS_ONLINE = `${ONLINE}
if online(KEYS[1], ARGV[1]) then return 1 end
return 0
`;

/**
 * KEYS: user hash. ARGV: dead node, live prefix. Removes the dead node's count: 1 when it had
 * one and the user now has no live node (announce offline), -1 when the node is alive again.
 */
const SWEEP_USER = `${ONLINE}
if redis.call('EXISTS', ARGV[2] .. ARGV[1]) == 1 then return -1 end
local count = tonumber(redis.call('HGET', KEYS[1], ARGV[1]))
if count == nil then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
if count > 0 and not online(KEYS[1], ARGV[2]) then return 1 end
return 0
`;

/** KEYS: nodes set, the node's users set, its liveness key. ARGV: node. Forgets a node still dead. */
const FORGET_NODE = `
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
redis.call('DEL', KEYS[2])
redis.call('SREM', KEYS[1], ARGV[1])
return 1
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    liaoPresenceSet(
      userKey: string,
      usersKey: string,
      node: string,
      count: number,
      livePrefix: string,
      userId: string,
    ): Result<number, Context>;
    liaoPresenceIsOnline(userKey: string, livePrefix: string): Result<number, Context>;
    liaoPresenceSweepUser(userKey: string, node: string, livePrefix: string): Result<number, Context>;
    liaoPresenceForgetNode(
      nodesKey: string,
      usersKey: string,
      liveKey: string,
      node: string,
    ): Result<number, Context>;
  }
}

export interface RedisPresenceOptions {
  redis: Redis;
  /** The connection's keyPrefix (scripts build some key names themselves). */
  prefix: string;
  /** LIAO_NODE_ID; a random suffix makes this run's own name. */
  nodeId: string;
  /**
   * What the keys begin with, 'presence' unless told: another tracker counting connections by
   * another key (push counts them per device session) lives beside presence under its own.
   */
  namespace?: string;
  announcer: PresenceAnnouncer;
  log: Logger;
  /** After this long without a refresh a node counts as dead. */
  livenessTtlMs?: number;
  /** How often the node refreshes its liveness (and rewrites its counts when needed). */
  refreshMs?: number;
  /** How often the node tries to take the sweep lock and clean up after dead nodes. */
  sweepMs?: number;
}

/** Users handled at once when rewriting or sweeping many. */
const BATCH = 500;

export class RedisPresence implements PresenceTracker {
  /** This run's name among the nodes. */
  readonly node: string;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly ns: string;
  private readonly log: Logger;
  private readonly announcements: AnnouncementQueue;
  private readonly ttlMs: number;
  private readonly lockMs: number;
  private readonly counts = new Map<string, number>();
  /** A user's write in flight, and users whose count changed again meanwhile. */
  private readonly writing = new Map<string, Promise<void>>();
  private readonly rewrite = new Set<string>();
  /** Set when a write failed or Redis may have lost our keys: every count is written again. */
  private resyncNeeded = false;
  private ticking: Promise<void> | null = null;
  private readonly timers: NodeJS.Timeout[] = [];
  private stopped = false;
  private readonly onReady = () => this.tick();
  /**
   * Redis may come back with less than we wrote (restarted from an older snapshot, or empty),
   * so every count is written again after any lost link.
   */
  private readonly onLinkLost = () => {
    this.resyncNeeded = true;
  };

  private constructor(options: RedisPresenceOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix;
    this.ns = options.namespace ?? 'presence';
    this.log = options.log;
    this.node = `${options.nodeId}/${randomBytes(4).toString('hex')}`;
    this.announcements = new AnnouncementQueue(options.announcer, options.log);
    this.ttlMs = options.livenessTtlMs ?? 15_000;
    this.lockMs = Math.max(50, Math.floor((options.sweepMs ?? 5000) / 2));
    const redis = this.redis;
    redis.defineCommand('liaoPresenceSet', { numberOfKeys: 2, lua: SET_COUNT });
    redis.defineCommand('liaoPresenceIsOnline', { numberOfKeys: 1, lua: IS_ONLINE });
    redis.defineCommand('liaoPresenceSweepUser', { numberOfKeys: 1, lua: SWEEP_USER });
    redis.defineCommand('liaoPresenceForgetNode', { numberOfKeys: 3, lua: FORGET_NODE });
  }

  /** Registers the node as live (so its users count as online), then keeps it so. */
  static async start(options: RedisPresenceOptions): Promise<RedisPresence> {
    const presence = new RedisPresence(options);
    await presence.refresh();
    const every = (ms: number, run: () => void) => {
      const timer = setInterval(run, ms);
      timer.unref();
      presence.timers.push(timer);
    };
    every(options.refreshMs ?? 5000, () => presence.tick());
    every(options.sweepMs ?? 5000, () => void presence.sweep());
    // Back from an outage: say we are alive and rewrite the counts at once, not at the next tick.
    presence.redis.on('close', presence.onLinkLost);
    presence.redis.on('ready', presence.onReady);
    return presence;
  }

  opened(userId: string): void {
    this.counts.set(userId, (this.counts.get(userId) ?? 0) + 1);
    void this.write(userId);
  }

  closed(userId: string): void {
    const n = (this.counts.get(userId) ?? 0) - 1;
    if (n > 0) this.counts.set(userId, n);
    else this.counts.delete(userId);
    void this.write(userId);
  }

  async isOnline(userId: string): Promise<boolean> {
    return (
      (await guarded(() => this.redis.liaoPresenceIsOnline(this.userKey(userId), this.livePrefix))) === 1
    );
  }

  announce(userId: string, transition: boolean): void {
    this.announcements.announce(userId, transition);
  }

  /** Stops, waits for what is running, and removes this node's entries (its users were closed before). */
  async close(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    this.redis.off('ready', this.onReady);
    this.redis.off('close', this.onLinkLost);
    await this.ticking;
    while (this.writing.size > 0) await Promise.all([...this.writing.values()]);
    await this.announcements.close();
    try {
      const users = await this.redis.smembers(this.usersKey(this.node));
      for (let i = 0; i < users.length; i += BATCH) {
        await Promise.all(users.slice(i, i + BATCH).map((u) => this.redis.hdel(this.userKey(u), this.node)));
      }
      await this.redis.del(this.usersKey(this.node), this.liveKey(this.node));
      await this.redis.srem(this.nodesKey, this.node);
    } catch (error) {
      // Redis is away: our liveness key expires by itself and a surviving node sweeps the rest.
      this.log.warn({ err: error }, 'presence: could not remove this node’s entries');
    }
    this.counts.clear();
  }

  private get livePrefix(): string {
    return `${this.prefix}${this.ns}:live:`;
  }

  private get nodesKey(): string {
    return `${this.ns}:nodes`;
  }

  private userKey(userId: string): string {
    return `${this.ns}:u:${userId}`;
  }

  private usersKey(node: string): string {
    return `${this.ns}:users:${node}`;
  }

  private liveKey(node: string): string {
    return `${this.ns}:live:${node}`;
  }

  /** Writes the user's current count; while one write runs, changes are folded into one more. */
  private write(userId: string): Promise<void> {
    const running = this.writing.get(userId);
    if (running) {
      this.rewrite.add(userId);
      return running;
    }
    const done = this.flush(userId).finally(() => this.writing.delete(userId));
    this.writing.set(userId, done);
    return done;
  }

  private async flush(userId: string): Promise<void> {
    do {
      this.rewrite.delete(userId);
      const count = this.counts.get(userId) ?? 0;
      let changed: number;
      try {
        changed = await this.redis.liaoPresenceSet(
          this.userKey(userId),
          this.usersKey(this.node),
          this.node,
          count,
          this.livePrefix,
          userId,
        );
      } catch (error) {
        if (!this.resyncNeeded)
          this.log.warn(
            { err: error },
            'presence: a count could not be written; rewriting all once Redis is back',
          );
        this.resyncNeeded = true;
        return;
      }
      if (changed === 1) this.announce(userId, true);
    } while (this.rewrite.has(userId));
  }

  private tick(): void {
    if (this.stopped || this.ticking) return;
    this.ticking = this.refresh()
      .catch((error: unknown) => {
        this.resyncNeeded = true;
        this.log.debug({ err: error }, 'presence: liveness refresh failed');
      })
      .finally(() => {
        this.ticking = null;
      });
  }

  /**
   * Says the node is alive. If its liveness key was gone (first start, Redis lost its data,
   * or we were away long enough to be swept), registers again and rewrites every count.
   */
  private async refresh(): Promise<void> {
    const previous = await guarded(() =>
      this.redis.set(this.liveKey(this.node), this.node, 'PX', this.ttlMs, 'GET'),
    );
    if (previous === null) {
      await guarded(() => this.redis.sadd(this.nodesKey, this.node));
      this.resyncNeeded = true;
    }
    if (!this.resyncNeeded) return;
    this.resyncNeeded = false;
    const remote = await guarded(() => this.redis.smembers(this.usersKey(this.node)));
    const users = [...new Set([...this.counts.keys(), ...remote])];
    for (let i = 0; i < users.length; i += BATCH) {
      await Promise.all(users.slice(i, i + BATCH).map((u) => this.write(u)));
    }
  }

  /** One node at a time: removes the counts of nodes whose liveness expired. */
  private async sweep(): Promise<void> {
    if (this.stopped) return;
    try {
      // Held for half a round and left to expire: whichever node comes first next round sweeps.
      const locked = await this.redis.set(`${this.ns}:sweep`, this.node, 'PX', this.lockMs, 'NX');
      if (locked !== 'OK') return;
      const nodes = await this.redis.smembers(this.nodesKey);
      for (const node of nodes) {
        if (node === this.node || this.stopped) continue;
        if ((await this.redis.exists(this.liveKey(node))) === 0) await this.sweepNode(node);
      }
    } catch (error) {
      this.log.debug({ err: error }, 'presence: sweep failed');
    }
  }

  private async sweepNode(node: string): Promise<void> {
    this.log.info({ node }, 'presence: removing a dead node’s connections');
    const users = await this.redis.smembers(this.usersKey(node));
    for (let i = 0; i < users.length; i += BATCH) {
      const batch = users.slice(i, i + BATCH);
      const outcomes = await Promise.all(
        batch.map((u) => this.redis.liaoPresenceSweepUser(this.userKey(u), node, this.livePrefix)),
      );
      // The node came back to life: it rewrites its own counts.
      if (outcomes.includes(-1)) return;
      batch.forEach((u, j) => {
        if (outcomes[j] === 1) this.announce(u, true);
      });
    }
    await this.redis.liaoPresenceForgetNode(this.nodesKey, this.usersKey(node), this.liveKey(node), node);
  }
}
