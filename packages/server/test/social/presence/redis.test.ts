import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { closeRedis, connectRedis, openRedis } from '../../../src/platform/backplane/redisConnection';
import { RedisPresence } from '../../../src/social/presence/redisPresence';
import { deleteRedisPrefix, freshRedisPrefix } from '../../support/harness';
import { pollUntil } from '../../support/poll';
import {
  describeRedis,
  inspector,
  killConnection,
  RedisRelay,
  redisUrl,
  silent,
} from '../../support/redis-fixtures';

/** Short enough that a dead node is noticed within a test, long enough for a loaded machine. */
const FAST = { livenessTtlMs: 1500, refreshMs: 250, sweepMs: 250 };

describeRedis('presence across nodes (Redis)', () => {
  let inspect: Redis;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    inspect = await inspector();
  });
  afterEach(async () => {
    for (const done of cleanups.splice(0).reverse()) await done().catch(() => undefined);
  });
  afterAll(() => inspect.quit());

  /** A prefix of this test's own, removed afterwards. */
  function prefix(): string {
    const p = freshRedisPrefix();
    cleanups.push(() => deleteRedisPrefix(p));
    return p;
  }

  let links = 0;
  async function link(p: string, url = redisUrl()): Promise<Redis> {
    const redis = openRedis({
      url,
      keyPrefix: p,
      role: 'commands',
      name: `presence-test-${++links}`,
      log: silent,
    });
    await connectRedis(redis);
    cleanups.push(() => closeRedis(redis));
    return redis;
  }

  /** A node's tracker; `told` records its announcements (user ids, transitions only). */
  async function node(p: string, options: { url?: string; redis?: Redis; timings?: typeof FAST } = {}) {
    const redis = options.redis ?? (await link(p, options.url));
    const told: string[] = [];
    const presence = await RedisPresence.start({
      redis,
      prefix: p,
      nodeId: 'test-node',
      announcer: async (userId, transition) => {
        if (transition) told.push(userId);
      },
      log: silent,
      ...(options.timings ?? {}),
    });
    cleanups.push(() => presence.close());
    return { presence, told, redis, name: String(redis.options.connectionName) };
  }

  it('a user is online while any node holds a connection; only the first opening and the last closing, cluster-wide, are announced', async () => {
    const p = prefix();
    const a = await node(p);
    const b = await node(p);
    a.presence.opened('u');
    await pollUntil(() => a.told.length === 1);
    expect(await b.presence.isOnline('u')).toBe(true);
    b.presence.opened('u');
    b.presence.opened('u');
    a.presence.closed('u');
    b.presence.closed('u');
    // Written in order behind each other: once v's write is done, u's are too.
    b.presence.opened('v');
    await pollUntil(() => b.told.includes('v'));
    expect(await a.presence.isOnline('u')).toBe(true);
    expect([...a.told, ...b.told].filter((id) => id === 'u')).toEqual(['u']);
    b.presence.closed('u');
    await pollUntil(() => [...a.told, ...b.told].filter((id) => id === 'u').length === 2);
    expect(await a.presence.isOnline('u')).toBe(false);
    expect(await a.presence.isOnline('never')).toBe(false);
  });

  it('a node killed without cleaning up: once its liveness lapses its users are offline, a survivor sweeps its entries and announces them', async () => {
    const p = prefix();
    const doomed = await node(p, { timings: FAST });
    const survivor = await node(p, { timings: FAST });
    doomed.presence.opened('only-on-doomed');
    doomed.presence.opened('on-both');
    survivor.presence.opened('on-both');
    await pollUntil(async () => await survivor.presence.isOnline('only-on-doomed'));
    await pollUntil(() => doomed.told.length + survivor.told.length === 2);
    survivor.told.length = 0;

    // SIGKILL as Redis sees it: the connection is gone, nothing was removed.
    doomed.redis.disconnect();
    expect(await inspect.hexists(`${p}presence:u:only-on-doomed`, doomed.presence.node)).toBe(1);
    await pollUntil(
      () => survivor.told.includes('only-on-doomed'),
      "the survivor to announce the doomed node's user",
      10_000,
    );
    expect(await survivor.presence.isOnline('only-on-doomed')).toBe(false);
    expect(await survivor.presence.isOnline('on-both')).toBe(true);
    expect(survivor.told).toEqual(['only-on-doomed']);
    await pollUntil(async () => (await inspect.sismember(`${p}presence:nodes`, doomed.presence.node)) === 0);
    expect(await inspect.exists(`${p}presence:users:${doomed.presence.node}`)).toBe(0);
    expect(await inspect.hkeys(`${p}presence:u:on-both`)).toEqual([survivor.presence.node]);
  });

  it('a node closing gracefully removes its entries at once; a new run under the same node id inherits nothing', async () => {
    const p = prefix();
    const first = await node(p);
    const other = await node(p);
    first.presence.opened('u');
    await pollUntil(async () => await other.presence.isOnline('u'));
    await first.presence.close();
    expect(await other.presence.isOnline('u')).toBe(false);
    expect(await inspect.exists(`${p}presence:u:u`)).toBe(0);
    expect(await inspect.smembers(`${p}presence:nodes`)).toEqual([other.presence.node]);
    const again = await node(p);
    expect(again.presence.node).not.toBe(first.presence.node);
    expect(await again.presence.isOnline('u')).toBe(false);
  });

  it('after a lost link every count is written again, in case Redis came back with less (an older snapshot)', async () => {
    const p = prefix();
    const a = await node(p);
    const b = await node(p);
    a.presence.opened('u');
    await pollUntil(async () => await b.presence.isOnline('u'));
    // Redis "restarted" from a snapshot older than u's connection; the node's liveness survived.
    await inspect.del(`${p}presence:u:u`, `${p}presence:users:${a.presence.node}`);
    expect(await b.presence.isOnline('u')).toBe(false);
    await killConnection(inspect, a.name);
    await pollUntil(async () => await b.presence.isOnline('u'), 'u online on node b', 10_000);
    expect(await inspect.smembers(`${p}presence:users:${a.presence.node}`)).toEqual(['u']);
  });

  it('connections that came and went while Redis was away are written once it is back', async () => {
    const p = prefix();
    const relay = new RedisRelay();
    await relay.start();
    cleanups.push(() => relay.cut());
    const cut = await node(p, { url: relay.url, timings: FAST });
    const watcher = await node(p);
    cut.presence.opened('stays');
    cut.presence.opened('leaves');
    await pollUntil(() => cut.told.length === 2);

    await relay.cut();
    cut.presence.opened('arrives');
    cut.presence.closed('leaves');
    await expect(cut.presence.isOnline('stays')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(await watcher.presence.isOnline('leaves')).toBe(true);

    await relay.start();
    await pollUntil(async () => await watcher.presence.isOnline('arrives'), '"arrives" online', 15_000);
    await pollUntil(async () => !(await watcher.presence.isOnline('leaves')), '"leaves" offline', 15_000);
    expect(await watcher.presence.isOnline('stays')).toBe(true);
    await pollUntil(() => cut.told.filter((u) => u !== 'stays').length === 3);
    expect(cut.told.sort()).toEqual(['arrives', 'leaves', 'leaves', 'stays']);
  });
});
