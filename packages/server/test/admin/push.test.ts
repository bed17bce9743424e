import { afterAll, beforeAll, expect, it } from 'vitest';
import { sendText } from '../support/chat-fixtures';
import { makePeople, type Person } from '../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../support/harness';
import { cliEnvOf, runLiao } from '../support/liao-cli';
import { awayDevice, pushesOf, pushTestConfig, subscribeDevice } from '../support/push-fixtures';
import { type PushService, startPushService } from '../support/pushService';

/** Each command is a process of its own (about a second, more on a loaded machine). */
const CLI_TEST_MS = 90_000;
/** Without Redis the node learns of a rotation only from its own check: short here. */
const KEY_CHECK_MS = 100;
/**
 * A failed send waits this long on the test's clock before its retry: it comes due only when
 * the test moves the clock, after the command (a process that takes seconds to start on a
 * loaded machine) has rotated the keys.
 */
const RETRY_BASE_MS = 10 * 60_000;

describeEachStore('admin command line: push rotate-keys', (store) => {
  let t: TestServer;
  let env: Record<string, string>;
  let pushService: PushService;
  const people = makePeople(() => t);
  beforeAll(async () => {
    pushService = await startPushService();
    t = await startTestServer(store, {
      configure(config) {
        pushTestConfig(config);
        config.push.retryBaseMs = RETRY_BASE_MS;
        // With Redis the check is far off: only the bus can bring the new keys within the test.
        config.push.keyCheckMs = config.redisUrl ? 600_000 : KEY_CHECK_MS;
      },
    });
    env = cliEnvOf(t);
  });
  afterAll(async () => {
    people.closeAll();
    await t?.destroy();
    await pushService?.close();
  });

  const db = () => t.server.ctx.db;
  const storedKey = async () =>
    (await db().selectFrom('push_vapid_keys').select('public_key').executeTakeFirstOrThrow()).public_key;
  const count = async (table: 'push_subscriptions' | 'push_pending') =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** Waits until the node hands out `key` (the bus, or its key check without Redis). */
  const servesKey = async (p: Person, key: string) =>
    expect.poll(() => p.client.api.getPushKey(), { timeout: 5000, interval: 20 }).toBe(key);

  /** Runs the command and checks what it says; the new public key. */
  async function rotate(removed: number): Promise<string> {
    const result = await runLiao(['push', 'rotate-keys'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      `Rotated the push keys; ${removed} device subscription(s) removed; each device subscribes again when the app next opens.\n`,
    );
    // Only a node without Redis needs telling that it catches up on its own.
    expect(result.stderr.includes('Without LIAO_REDIS_URL')).toBe(t.redisPrefix === undefined);
    return storedKey();
  }

  it(
    'replaces the key and every subscription (with their counts); the running node hands out the new key',
    async () => {
      const [a, b] = [await people.online(), await people.person()];
      await people.befriend(a, b);
      const conversationId = await a.client.api.openDirect(b.id);
      const phone = await subscribeDevice(b.client, pushService);
      await subscribeDevice((await awayDevice(t, b.id)).client, pushService);
      await sendText(a.client, conversationId, '换钥匙之前');
      await pushesOf(phone, 1);
      await t.server.domains.push.whenIdle();
      expect(await count('push_pending')).toBeGreaterThan(0);
      const oldKey = await b.client.api.getPushKey();

      const newKey = await rotate(await count('push_subscriptions'));
      expect(newKey).not.toBe(oldKey);
      expect(Buffer.from(newKey, 'base64url')).toHaveLength(65);
      expect(await count('push_subscriptions')).toBe(0);
      expect(await count('push_pending')).toBe(0);
      await servesKey(b, newKey);
      expect((await b.client.api.getPushSubscription()).subscription).toBeNull();

      // --json: the same, for scripts; nothing left to remove this time.
      const json = await runLiao(['push', 'rotate-keys', '--json'], env);
      expect(json.code, json.stderr).toBe(0);
      const rotated = JSON.parse(json.stdout) as { publicKey: string; subscriptionsRemoved: number };
      expect(rotated).toEqual({ publicKey: await storedKey(), subscriptionsRemoved: 0 });
      expect(rotated.publicKey).not.toBe(newKey);
      await servesKey(b, rotated.publicKey);
    },
    CLI_TEST_MS,
  );

  it(
    'a device that subscribes again is pushed with the new key; a retry queued for its old subscription is dropped',
    async () => {
      const [a, b] = [await people.online(), await people.person()];
      await people.befriend(a, b);
      const conversationId = await a.client.api.openDirect(b.id);
      const old = await subscribeDevice(b.client, pushService);
      pushService.answer(old, 503);
      const before = pushService.requests;
      await sendText(a.client, conversationId, '服务忙');
      await expect.poll(() => pushService.requests, { timeout: 10_000, interval: 20 }).toBe(before + 1);
      await expect
        .poll(
          async () =>
            (
              await db()
                .selectFrom('jobs')
                .select('id')
                .where('kind', '=', 'push.send')
                .where('state', '=', 'queued')
                .execute()
            ).length,
          { timeout: 5000, interval: 20 },
        )
        .toBe(1);

      const newKey = await rotate(1);
      await servesKey(b, newKey);
      const again = await subscribeDevice(b.client, pushService);
      await sendText(a.client, conversationId, '新钥匙');
      const [push] = await pushesOf(again, 1);
      expect(push?.vapidKey).toBe(newKey);
      expect(push?.notification).toMatchObject({ type: 'message', count: 1 });

      // The retry comes due, finds its subscription gone and ends without a send.
      t.clock.advance(RETRY_BASE_MS);
      await t.server.domains.push.whenIdle();
      expect(old.received).toEqual([]);
      expect(old.refused).toEqual([]);
      expect(pushService.requests).toBe(before + 2);
    },
    CLI_TEST_MS,
  );
});
