import { LiaoClient } from '@liao/client';
import { nodeSocketFactory } from '@liao/client/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../../src/platform/config';
import { sendText } from '../../support/chat-fixtures';
import { makePeople } from '../../support/conversation-fixtures';
import { REDIS_URL, startTestServer, type TestServer } from '../../support/harness';
import { cliEnvOf, runLiao } from '../../support/liao-cli';
import { awayDevice, pushesOf, pushTestConfig, subscribeDevice } from '../../support/push-fixtures';
import { type PushService, startPushService } from '../../support/pushService';

const PG_URL = process.env.LIAO_TEST_PG_URL;
const title = '[issue 18] Web Push across two nodes';
const suite = PG_URL && REDIS_URL ? describe : describe.skip;

/** The nodes' own key check is far off: only the bus can bring a rotation within a test. */
function clusterConfig(config: Config): void {
  pushTestConfig(config);
  config.push.keyCheckMs = 600_000;
}

/**
 * Two nodes of one cluster: one PostgreSQL schema and one Redis, each its own data folder.
 * Both take push jobs, so a push sent once proves the queue hands each job to one node.
 */
suite(
  PG_URL && REDIS_URL ? title : `${title} [skipped: LIAO_TEST_PG_URL and LIAO_TEST_REDIS_URL are needed]`,
  () => {
    let a: TestServer;
    let b: TestServer;
    let pushService: PushService;
    const people = makePeople(() => a);
    beforeAll(async () => {
      pushService = await startPushService();
      a = await startTestServer('postgres', { configure: clusterConfig });
      b = await startTestServer('postgres', {
        redis: { prefix: a.redisPrefix ?? '' },
        configure: (config) => {
          clusterConfig(config);
          config.databaseSchema = a.schema;
        },
      });
    });
    afterAll(async () => {
      people.closeAll();
      // B first: A's destroy drops the schema both use.
      for (const node of [b, a]) await node?.destroy();
      await pushService?.close();
    });

    const idle = async () => {
      await a.server.domains.push.whenIdle();
      await b.server.domains.push.whenIdle();
    };

    it('both nodes sign with the same keys', async () => {
      const p = await people.person();
      const token = p.client.api.http.token ?? '';
      const onB = new LiaoClient({ baseUrl: b.url, token, createSocket: nodeSocketFactory(() => token) });
      expect(await onB.api.getPushKey()).toBe(await p.client.api.getPushKey());
    });

    it('a message sent through one node is pushed exactly once; a device live on the other node gets none', async () => {
      const [sender, recipient] = [await people.online(), await people.person()];
      await people.befriend(sender, recipient);
      const conversationId = await sender.client.api.openDirect(recipient.id);
      const away = await subscribeDevice(recipient.client, pushService);
      const liveDevice = await awayDevice(b, recipient.id);
      const liveOnB = await subscribeDevice(liveDevice.client, pushService);
      await liveDevice.client.connect();

      for (let i = 1; i <= 5; i++) await sendText(sender.client, conversationId, `第${i}条`);
      await pushesOf(away, 5);
      await idle();
      const counts = away.received.map((p) => (p.notification.type === 'message' ? p.notification.count : 0));
      expect(counts.sort()).toEqual([1, 2, 3, 4, 5]);
      expect(liveOnB.received).toEqual([]);
      liveDevice.client.disconnect();
    });

    it('rotating the keys reaches both nodes at once; each signs with the new key', async () => {
      const [sender, recipient] = [await people.online(), await people.person()];
      await people.befriend(sender, recipient);
      const conversationId = await sender.client.api.openDirect(recipient.id);
      const token = recipient.client.api.http.token ?? '';
      const onB = new LiaoClient({ baseUrl: b.url, token, createSocket: nodeSocketFactory(() => token) });
      const oldKey = await onB.api.getPushKey();

      const rotated = await runLiao(['push', 'rotate-keys', '--json'], cliEnvOf(a));
      expect(rotated.code, rotated.stderr).toBe(0);
      const { publicKey } = JSON.parse(rotated.stdout) as { publicKey: string };
      expect(publicKey).not.toBe(oldKey);
      for (const client of [recipient.client, onB])
        await expect.poll(() => client.api.getPushKey(), { timeout: 5000, interval: 20 }).toBe(publicKey);

      // Whichever node takes the jobs, every push is signed with the new key.
      const device = await subscribeDevice(onB, pushService);
      for (let i = 1; i <= 4; i++) await sendText(sender.client, conversationId, `新${i}`);
      const pushes = await pushesOf(device, 4);
      expect(pushes.map((p) => p.vapidKey)).toEqual(Array(4).fill(publicKey));
    }, 90_000);
  },
);
