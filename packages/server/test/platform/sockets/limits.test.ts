import { LiaoError } from '@liao/client';
import { CloseCodes } from '@liao/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../../src/platform/config';
import { makePeople, type Person } from '../../support/conversation-fixtures';
import {
  deleteRedisPrefix,
  describeEachStore,
  freshRedisPrefix,
  REDIS_URL,
  startTestServer,
  type TestServer,
} from '../../support/harness';
import { pollUntil } from '../../support/poll';
import { openDesktop, type QrDesktop } from '../../support/qr-fixtures';
import { inspector } from '../../support/redis-fixtures';
import { openSocket, refusedUpgrade, type TestSocket } from '../../support/sockets';

function tokenOf(p: Person): string {
  return p.client.api.http.token ?? '';
}

/** The caps as an operator would set them; loadConfig reads the same variables at start. */
function capSockets(config: Config): void {
  const { sockets } = loadConfig({ LIAO_SOCKETS_PER_ACCOUNT: '3', LIAO_ANONYMOUS_SOCKETS_PER_ADDRESS: '2' });
  config.sockets = sockets;
}

const TOO_MANY = CloseCodes.TOO_MANY_CONNECTIONS;

describeEachStore('caps on sockets', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);
  const opened: { close(): void }[] = [];
  beforeAll(async () => {
    t = await startTestServer(store, { configure: capSockets });
  });
  afterEach(() => {
    for (const socket of opened.splice(0)) socket.close();
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  /** A raw /ws socket of the person, open and greeted (so that sockets open in the order asked). */
  async function socketOf(p: Person): Promise<TestSocket> {
    const socket = await openSocket(t.url, { token: tokenOf(p) });
    opened.push(socket);
    expect((await socket.next()).type).toBe('hello');
    return socket;
  }

  async function desktop(): Promise<QrDesktop> {
    const d = await openDesktop(t.url);
    opened.push(d);
    return d;
  }

  describe('per account', () => {
    it('one socket past the cap closes the oldest with 4029; the rest, the new one and other accounts go on', async () => {
      const [a, b] = [await people.person(), await people.person()];
      const first = await socketOf(a);
      const second = await socketOf(a);
      const third = await socketOf(a);
      const other = await socketOf(b);

      const fourth = await socketOf(a);
      expect((await first.closed).code).toBe(TOO_MANY);
      for (const s of [second, third, fourth, other]) await s.roundTrip();

      const fifth = await socketOf(a);
      expect((await second.closed).code).toBe(TOO_MANY);
      for (const s of [third, fourth, fifth, other]) await s.roundTrip();
      expect(t.server.gateway.connections.ofUser(a.id)?.size).toBe(3);
    });

    it('the SDK shows a displaced connection as such, stays closed, and connect() takes the place back', async () => {
      const a = await people.person();
      await a.client.connect();
      const displaced = a.client.waitForState('displaced');
      const raw = [await socketOf(a), await socketOf(a), await socketOf(a)];
      await displaced;
      expect(a.client.connectionState).toBe('displaced');
      const waiting = await a.client.waitForState('open').catch((error: unknown) => error);
      expect(waiting).toBeInstanceOf(LiaoError);
      expect((waiting as LiaoError).code).toBe('TOO_MANY_CONNECTIONS');
      for (const s of raw) await s.roundTrip();
      expect(t.server.gateway.connections.ofUser(a.id)?.size).toBe(3);

      await a.client.connect();
      expect((await raw[0]?.closed)?.code).toBe(TOO_MANY);
      expect(a.client.connectionState).toBe('open');
    });
  });

  describe('without a session, per address', () => {
    it("past the cap the sign-in page's /ws/qr upgrade is 429; closing one makes room; /ws is not counted", async () => {
      const a = await people.person();
      const one = await desktop();
      await desktop();
      expect(await refusedUpgrade(t.url, { path: '/ws/qr' })).toBe(429);
      await socketOf(a);

      one.close();
      await pollUntil(
        async () =>
          (await openDesktop(t.url)
            .then((d) => opened.push(d))
            .catch(() => null)) !== null,
        'a sign-in socket to be accepted again',
      );
    });
  });
});

const PG_URL = process.env.LIAO_TEST_PG_URL;
const cluster = PG_URL && REDIS_URL ? describe : describe.skip;
const clusterTitle =
  PG_URL && REDIS_URL
    ? 'caps on sockets across two servers sharing PostgreSQL and Redis'
    : 'caps on sockets across two servers [skipped: LIAO_TEST_PG_URL and LIAO_TEST_REDIS_URL are both needed]';

cluster(clusterTitle, () => {
  const prefix = freshRedisPrefix();
  let one: TestServer;
  let two: TestServer;
  const people = makePeople(() => one);
  const opened: TestSocket[] = [];
  beforeAll(async () => {
    one = await startTestServer('postgres', { redis: { prefix }, configure: capSockets });
    two = await startTestServer('postgres', {
      reuse: { dataDir: one.dataDir, schema: one.schema },
      redis: { prefix },
      configure: capSockets,
    });
  });
  afterEach(() => {
    for (const socket of opened.splice(0)) socket.close();
  });
  afterAll(async () => {
    people.closeAll();
    await two?.stop();
    await one?.destroy();
    await deleteRedisPrefix(prefix);
  });

  async function socketOn(t: TestServer, p: Person): Promise<TestSocket> {
    const socket = await openSocket(t.url, { token: tokenOf(p) });
    opened.push(socket);
    expect((await socket.next()).type).toBe('hello');
    return socket;
  }

  it('the cap counts the account’s sockets on every node and closes the oldest wherever it is', async () => {
    const a = await people.person();
    const first = await socketOn(one, a);
    const second = await socketOn(two, a);
    const third = await socketOn(one, a);

    const fourth = await socketOn(two, a);
    expect((await first.closed).code).toBe(TOO_MANY);
    const fifth = await socketOn(one, a);
    expect((await second.closed).code).toBe(TOO_MANY);
    for (const s of [third, fourth, fifth]) await s.roundTrip();
  });

  it('sockets left behind by a node that died do not cost a live socket its place', async () => {
    const a = await people.person();
    const redis = await inspector();
    try {
      // Two entries of a node that is gone (no liveness key), newer than anything live: were
      // they counted, the live sockets would be the oldest and be closed.
      const later = (Date.now() + 3_600_000) * 1000;
      await redis.zadd(
        `${prefix}sockets:u:${a.id}`,
        later,
        'dead-node/0000#1',
        later + 1,
        'dead-node/0000#2',
      );
    } finally {
      redis.disconnect();
    }
    const live = [await socketOn(one, a), await socketOn(two, a), await socketOn(one, a)];
    for (const s of live) await s.roundTrip();
    const fourth = await socketOn(two, a);
    expect((await live[0]?.closed)?.code).toBe(TOO_MANY);
    for (const s of [...live.slice(1), fourth]) await s.roundTrip();
  });
});
