import { LiaoClient } from '@liao/client';
import { nodeSocketFactory } from '@liao/client/node';
import type { PushNotification } from '@liao/protocol';
import { expect } from 'vitest';
import { doCreateSession } from '../../src/identity/sessions/rules';
import type { Config } from '../../src/platform/config';
import type { TestServer } from './harness';
import type { PushService, ReceivedPush, TestSubscription } from './pushService';

/** Another signed-in device of the user that has not connected: away, as far as push goes. */
export async function awayDevice(
  t: TestServer,
  userId: string,
): Promise<{ client: LiaoClient; sessionId: string }> {
  const { token, device } = await doCreateSession(
    t.server.ctx,
    userId,
    { name: 'phone', platform: 'phone' },
    'vitest',
  );
  return {
    client: new LiaoClient({ baseUrl: t.url, token, createSocket: nodeSocketFactory(() => token) }),
    sessionId: device.id,
  };
}

/** Subscribes the device with a fresh "browser" subscription at the test's push service. */
export async function subscribeDevice(
  client: LiaoClient,
  pushService: PushService,
  hidePreview?: boolean,
): Promise<TestSubscription> {
  const sub = pushService.subscribe();
  const state = await client.api.setPushSubscription({
    endpoint: sub.endpoint,
    keys: sub.keys,
    ...(hidePreview === undefined ? {} : { hidePreview }),
  });
  expect(state.subscription?.endpoint).toBe(sub.endpoint);
  return sub;
}

/** Waits until the subscription has received `n` pushes; returns them. */
export async function pushesOf(sub: TestSubscription, n: number): Promise<ReceivedPush[]> {
  await expect
    .poll(() => sub.received.length, { timeout: 10_000, interval: 20, message: `${n} pushes for ${sub.id}` })
    .toBeGreaterThanOrEqual(n);
  return sub.received.slice(0, n);
}

/** The notification of each push received, in order. */
export function notificationsOf(sub: TestSubscription): PushNotification[] {
  return sub.received.map((r) => r.notification);
}

/** The server's switch for the loopback push service (never set from the environment), quick polls and retries. */
export function pushTestConfig(config: Config): void {
  config.push.allowLoopbackEndpoints = true;
  config.push.jobPollMs = 50;
  config.push.retryBaseMs = 50;
}
