import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { connectRedis, openRedis } from '../../../src/platform/backplane/redisConnection';
import type { BusMessage } from '../../../src/platform/bus/eventBus';
import { AppError } from '../../../src/platform/errors';
import { pollUntil } from '../../support/poll';
import {
  describeRedis,
  inspector,
  killConnection,
  RedisRelay,
  silent,
  TestCluster,
} from '../../support/redis-fixtures';

const note = (n: number): BusMessage => ({ kind: 'members.changed', conversationId: `c${n}` });

describeRedis('Redis event bus between nodes', () => {
  let redis: Redis;
  const clusters: TestCluster[] = [];
  const relays: RedisRelay[] = [];
  beforeAll(async () => {
    redis = await inspector();
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.cut()));
    await Promise.all(clusters.splice(0).map((c) => c.close()));
  });
  afterAll(() => redis.quit());

  function cluster(): TestCluster {
    const c = new TestCluster();
    clusters.push(c);
    return c;
  }

  it('a message reaches every node, the publisher included, each publisher in its order; publish resolves once its own node has it', async () => {
    const c = cluster();
    const [a, b] = [await c.node(), await c.node()];
    const atA: BusMessage[] = [];
    const atB: BusMessage[] = [];
    a.bus.subscribe((m) => atA.push(m));
    b.bus.subscribe((m) => atB.push(m));
    await a.bus.publish(note(0));
    expect(atA).toEqual([note(0)]);
    const burst = Array.from({ length: 200 }, (_, i) => note(i + 1));
    const fromB = Array.from({ length: 200 }, (_, i) => note(1000 + i));
    await Promise.all([...burst.map((m) => a.bus.publish(m)), ...fromB.map((m) => b.bus.publish(m))]);
    await pollUntil(() => atA.length === 401 && atB.length === 401);
    for (const seen of [atA, atB]) {
      const fromA = seen.filter(
        (m) => m.kind === 'members.changed' && Number(m.conversationId.slice(1)) < 1000,
      );
      expect(fromA).toEqual([note(0), ...burst]);
      expect(
        seen.filter((m) => m.kind === 'members.changed' && Number(m.conversationId.slice(1)) >= 1000),
      ).toEqual(fromB);
    }
    // Both nodes saw one and the same interleaving: the order Redis gave.
    expect(atB).toEqual(atA);
  });

  it('nodes under another prefix hear nothing', async () => {
    const [c1, c2] = [cluster(), cluster()];
    const a = await c1.node();
    const other = await c2.node();
    const heard: BusMessage[] = [];
    other.bus.subscribe((m) => heard.push(m));
    const own: BusMessage[] = [];
    a.bus.subscribe((m) => own.push(m));
    await a.bus.publish(note(1));
    await other.bus.publish(note(2));
    expect(own).toEqual([note(1)]);
    expect(heard).toEqual([note(2)]);
  });

  it("a conversation event's skipped connection is only skipped on the node it belongs to", async () => {
    const c = cluster();
    const [a, b] = [await c.node(), await c.node()];
    const atA: BusMessage[] = [];
    const atB: BusMessage[] = [];
    a.bus.subscribe((m) => atA.push(m));
    b.bus.subscribe((m) => atB.push(m));
    const event: BusMessage = {
      kind: 'conversation',
      conversationId: 'c',
      event: { type: 'devices.changed' },
      exceptConnId: '7',
    };
    await a.bus.publish(event);
    await pollUntil(() => atB.length === 1);
    expect(atA).toEqual([event]);
    expect(atB).toEqual([{ ...event, exceptConnId: undefined }]);
  });

  it('when a node’s subscriber link is cut, the node is told of the gap once it is back, and messages flow again', async () => {
    const c = cluster();
    const [a, b] = [await c.node(), await c.node()];
    let gapsA = 0;
    let gapsB = 0;
    a.bus.onGap(() => gapsA++);
    b.bus.onGap(() => gapsB++);
    const atB: BusMessage[] = [];
    b.bus.subscribe((m) => atB.push(m));
    await killConnection(redis, `liao-${b.config.nodeId}-subscriber`);
    await pollUntil(() => gapsB === 1);
    await a.bus.publish(note(1));
    await pollUntil(() => atB.length === 1);
    expect(atB).toEqual([note(1)]);
    expect(gapsA).toBe(0);
    // The gap handler can be removed.
    const off = b.bus.onGap(() => {
      throw new Error('removed handlers are not called');
    });
    off();
    await killConnection(redis, `liao-${b.config.nodeId}-subscriber`);
    await pollUntil(() => gapsB === 2);
  });

  it('while Redis is unreachable, publish fails at once with UNAVAILABLE and readiness fails; once it is back the node reports the gap, publishes what it could not, and publishes again', async () => {
    const relay = new RedisRelay();
    relays.push(relay);
    await relay.start();
    const c = cluster();
    const a = await c.node({ url: relay.url });
    const b = await c.node();
    let gaps = 0;
    a.bus.onGap(() => gaps++);
    const atB: BusMessage[] = [];
    b.bus.subscribe((m) => atB.push(m));
    await a.bus.publish(note(1));
    await a.ping();

    await relay.cut();
    const started = Date.now();
    const failure = await a.bus.publish(note(2)).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('UNAVAILABLE');
    expect((failure as AppError).status).toBe(503);
    await expect(a.ping()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(a.limiter.hit('k', { limit: 5, windowMs: 60_000 })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    await expect(a.tickets.get('nope')).rejects.toMatchObject({ code: 'UNAVAILABLE' });

    await relay.start();
    await pollUntil(() => gaps === 1, 'the gap to be reported', 15_000);
    await pollUntil(
      async () =>
        await a.ping().then(
          () => true,
          () => false,
        ),
      'Redis to answer again',
      15_000,
    );
    await a.bus.publish(note(3));
    await pollUntil(() => atB.length === 3);
    // The refused publish was kept and goes out first when the link is back: what it stood for
    // (a stored message, a removed member) was usually committed all the same.
    expect(atB).toEqual([note(1), note(2), note(3)]);
  });

  it('a node does not start without Redis: connecting gives up after its deadline with a clear error', async () => {
    const relay = new RedisRelay();
    await relay.start();
    await relay.cut();
    const redis = openRedis({
      url: relay.url,
      keyPrefix: 'x:',
      role: 'commands',
      name: 'never',
      log: silent,
    });
    await expect(connectRedis(redis, 300)).rejects.toThrow(/Redis did not answer within 300 ms/);
  });
});
