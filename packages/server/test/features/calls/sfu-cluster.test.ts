import { LiaoClient } from '@liao/client';
import { nodeSocketFactory } from '@liao/client/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../../src/platform/config';
import { makeGroupOf, makePeople, type Person } from '../../support/conversation-fixtures';
import { type Coturn, startCoturn, TURNSERVER } from '../../support/coturn';
import { REDIS_URL, startTestServer, type TestServer } from '../../support/harness';
import { SfuDevice } from '../../support/sfu-fixtures';

const PG_URL = process.env.LIAO_TEST_PG_URL;
const title = '[issue 19] a group call’s media across two nodes, through the host’s SFU';
const ready = PG_URL && REDIS_URL && TURNSERVER;
const suite = ready ? describe : describe.skip;
const WAIT = { timeout: 12_000, interval: 50 };

suite(ready ? title : `${title} [skipped: needs LIAO_TEST_PG_URL, LIAO_TEST_REDIS_URL and coturn]`, () => {
  let a: TestServer;
  let b: TestServer;
  let coturn: Coturn;
  const people = makePeople(() => a);
  const devices: SfuDevice[] = [];
  const opened: LiaoClient[] = [];
  const configure = (config: Config) => {
    config.calls.turnUrls = coturn.urls;
    config.calls.turnSecret = coturn.secret;
    config.calls.relayOnly = true;
    config.calls.sfuAddress = '127.0.0.1';
  };
  beforeAll(async () => {
    coturn = await startCoturn();
    a = await startTestServer('postgres', { configure });
    b = await startTestServer('postgres', {
      redis: { prefix: a.redisPrefix ?? '' },
      configure: (config) => {
        configure(config);
        config.databaseSchema = a.schema;
      },
    });
  });
  afterAll(async () => {
    await Promise.all(devices.map((d) => d.close()));
    for (const c of opened) c.disconnect();
    people.closeAll();
    for (const node of [b, a]) await node?.destroy();
    await coturn?.stop();
  });

  /** The same session as `p`'s client, its socket on node B instead. */
  async function onB(p: Person): Promise<LiaoClient> {
    const token = p.client.api.http.token ?? '';
    p.client.disconnect();
    const client = new LiaoClient({ baseUrl: b.url, token, createSocket: nodeSocketFactory(() => token) });
    opened.push(client);
    await client.connect();
    return client;
  }

  it('participants on the other node send to and receive from those on the host', async () => {
    const { owner, members, conversationId } = await makeGroupOf(people, 2);
    const [m1, m2] = members as [Person, Person];
    const started = await owner.client.request('call.start', { conversationId, media: 'voice' });
    const callId = started.call.id;
    // The owner negotiates first, through A: A hosts the call.
    const ownerSession = started.call.participants[0]?.sessionId ?? '';
    const host = new SfuDevice(owner.client, ownerSession, callId, started, 'audio');
    devices.push(host);
    await host.start();
    await expect.poll(() => a.server.domains.calls.sfu.peerCount(), WAIT).toBe(1);

    const remote: SfuDevice[] = [];
    for (const m of [m1, m2]) {
      const client = await onB(m);
      const joined = await client.request('call.join', { callId, media: 'voice' });
      const me = joined.call.participants.find((p) => p.userId === m.id)?.sessionId ?? '';
      const device = new SfuDevice(client, me, callId, joined, 'audio');
      devices.push(device);
      remote.push(device);
      await device.start();
    }
    const all = [host, ...remote];
    for (const to of all)
      for (const from of all)
        if (from !== to) await expect.poll(() => to.from(from.sessionId), WAIT).toBeGreaterThanOrEqual(25);
    expect(all.map((d) => d.misattributed)).toEqual([0, 0, 0]);
    // One SFU for the call: every connection is on A, none on B.
    expect(a.server.domains.calls.sfu.peerCount()).toBe(3);
    expect(b.server.domains.calls.sfu.peerCount()).toBe(0);
  }, 20_000);
});
