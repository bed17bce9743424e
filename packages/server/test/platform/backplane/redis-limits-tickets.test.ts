import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TICKET_MEMORY_MS, type Ticket } from '../../../src/identity/qrLogin/tickets';
import { makeClock } from '../../support/harness';
import { describeRedis, inspector, TestCluster } from '../../support/redis-fixtures';

describeRedis('Redis rate limits and QR tickets', () => {
  let redis: Redis;
  const clusters: TestCluster[] = [];
  beforeAll(async () => {
    redis = await inspector();
  });
  afterEach(async () => {
    await Promise.all(clusters.splice(0).map((c) => c.close()));
  });
  afterAll(() => redis.quit());

  function cluster(): TestCluster {
    const c = new TestCluster();
    clusters.push(c);
    return c;
  }

  describe('rate limiter', () => {
    const rule = { limit: 3, windowMs: 60_000 };

    it('allows up to the limit in a window, then refuses with the time left; a new window allows again', async () => {
      const clock = makeClock();
      const c = cluster();
      const { limiter } = await c.node({ now: clock.now });
      for (let i = 0; i < 3; i++) expect((await limiter.hit('k', rule)).allowed).toBe(true);
      clock.advance(20_000);
      const refused = await limiter.hit('k', rule);
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterMs).toBeGreaterThan(39_000);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(40_000);
      expect((await limiter.hit('other', rule)).allowed).toBe(true);
      clock.advance(40_000);
      expect((await limiter.hit('k', rule)).allowed).toBe(true);
    });

    it('keeps the key only while its window lasts', async () => {
      const c = cluster();
      const { limiter } = await c.node();
      await limiter.hit('short', { limit: 1, windowMs: 5000 });
      const ttl = await redis.pttl(`${c.prefix}rate:short`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(5000);
    });

    it('release takes back one attempt, reset forgets the key', async () => {
      const c = cluster();
      const { limiter } = await c.node();
      for (let i = 0; i < 3; i++) await limiter.hit('k', rule);
      await limiter.release('k');
      expect((await limiter.hit('k', rule)).allowed).toBe(true);
      expect((await limiter.hit('k', rule)).allowed).toBe(false);
      await limiter.reset('k');
      expect(await redis.exists(`${c.prefix}rate:k`)).toBe(0);
      expect((await limiter.hit('k', rule)).allowed).toBe(true);
      // Releasing a key with nothing counted leaves nothing below zero.
      await limiter.release('never');
      await limiter.release('never');
      expect((await limiter.hit('never', { limit: 1, windowMs: 60_000 })).allowed).toBe(true);
      expect((await limiter.hit('never', { limit: 1, windowMs: 60_000 })).allowed).toBe(false);
    });

    it('two nodes hitting one key at once share one count: exactly the limit is allowed', async () => {
      const c = cluster();
      const [a, b] = [await c.node(), await c.node()];
      const limit = { limit: 20, windowMs: 60_000 };
      const decisions = await Promise.all(
        Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).limiter.hit('shared', limit)),
      );
      expect(decisions.filter((d) => d.allowed)).toHaveLength(20);
    });
  });

  describe('QR tickets', () => {
    function ticket(now: number, id = `t-${Math.random().toString(36).slice(2)}`): Ticket {
      return {
        id,
        codeHash: `hash-${id}`,
        state: 'waiting',
        device: { name: 'Chrome on Windows', platform: 'desktop' },
        userAgent: 'Mozilla/5.0',
        ip: '203.0.113.9',
        requestedAt: now,
        expiresAt: now + 120_000,
        scannerId: null,
        scannerSessionId: null,
        claimHash: null,
        claimExpiresAt: null,
      };
    }

    it('a ticket put by one node is read by another, by id and by code hash, exactly as it was', async () => {
      const c = cluster();
      const [a, b] = [await c.node(), await c.node()];
      const t = ticket(Date.now());
      await a.tickets.put(t);
      expect(await b.tickets.get(t.id)).toEqual(t);
      expect(await b.tickets.findByCodeHash(t.codeHash)).toEqual(t);
      expect(await b.tickets.get('missing')).toBeNull();
      expect(await b.tickets.findByCodeHash('missing')).toBeNull();
    });

    it('a transition applies only from the expected state, sets and clears fields, and extends the life to the claim', async () => {
      const c = cluster();
      const { tickets } = await c.node();
      const now = Date.now();
      const t = ticket(now);
      await tickets.put(t);
      const pttl = await redis.pttl(`${c.prefix}qr:t:${t.id}`);
      expect(pttl).toBeGreaterThan(120_000 + TICKET_MEMORY_MS - 5000);
      expect(pttl).toBeLessThanOrEqual(120_000 + TICKET_MEMORY_MS);

      expect(await tickets.transition(t.id, 'scanned', { state: 'confirmed' })).toBeNull();
      expect(await tickets.transition('missing', 'waiting', { state: 'scanned' })).toBeNull();
      const scanned = await tickets.transition(t.id, 'waiting', { state: 'scanned', scannerId: 'u1' });
      expect(scanned).toEqual({ ...t, state: 'scanned', scannerId: 'u1' });
      const claimExpiresAt = now + 600_000;
      const confirmed = await tickets.transition(t.id, 'scanned', {
        state: 'confirmed',
        claimHash: 'claim',
        claimExpiresAt,
      });
      expect(confirmed).toEqual({
        ...t,
        state: 'confirmed',
        scannerId: 'u1',
        claimHash: 'claim',
        claimExpiresAt,
      });
      for (const key of [`qr:t:${t.id}`, `qr:code:${t.codeHash}`]) {
        expect(await redis.pttl(`${c.prefix}${key}`)).toBeGreaterThan(600_000 + TICKET_MEMORY_MS - 5000);
      }
      const cleared = await tickets.transition(t.id, 'confirmed', { state: 'claimed', scannerId: null });
      expect(cleared?.scannerId).toBeNull();
      expect(await tickets.get(t.id)).toEqual(cleared);
    });

    it('of many concurrent transitions from one state on two nodes, exactly one wins', async () => {
      const c = cluster();
      const [a, b] = [await c.node(), await c.node()];
      const t = ticket(Date.now());
      await a.tickets.put(t);
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? a : b).tickets.transition(t.id, 'waiting', { state: 'scanned', scannerId: `u${i}` }),
        ),
      );
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(1);
      expect(await a.tickets.get(t.id)).toEqual(winners[0]);
    });

    it('delete removes the ticket and its code index', async () => {
      const c = cluster();
      const { tickets } = await c.node();
      const t = ticket(Date.now());
      await tickets.put(t);
      await tickets.delete(t.id);
      expect(await tickets.get(t.id)).toBeNull();
      expect(await tickets.findByCodeHash(t.codeHash)).toBeNull();
      expect(await redis.exists(`${c.prefix}qr:code:${t.codeHash}`)).toBe(0);
      await tickets.delete(t.id);
    });
  });
});
