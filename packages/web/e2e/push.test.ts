import type { LiaoClient } from '@liao/client';
import { type PushNotification, SESSION_COOKIE } from '@liao/protocol';
import type { Browser, BrowserContext, CDPSession, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPushService } from '../../server/test/support/pushService';
import { launchBrowser, startServer, type TestServer, UI_TIMEOUT_MS, uniqueName } from './harness';
import { type Account, befriend, connectedClient, makeAccount } from './seed';
import { LOCALES, SHOTS_DIR, STRINGS, shoot, shotOptions, signedInContext, THEMES } from './shots';

// Web Push with the app closed (issue 18). The browser's own push service (FCM for Chrome) is
// out of reach here, so the page's PushManager hands out a subscription at the test's push
// service on loopback instead (the server accepts loopback endpoints for tests only). The
// server then pushes for real: signed with its VAPID key and encrypted to the subscription's
// keys; the test's push service checks and decrypts it, and hands it to the app's service worker
// the way Chrome does, through the DevTools protocol (ServiceWorker.deliverPushMessage). The
// notification the worker shows is read back from the worker.

type PushService = Awaited<ReturnType<typeof startPushService>>;
type TestSubscription = ReturnType<PushService['subscribe']>;

/** Makes the page's PushManager subscribe at the test's push service; the rest is the browser's. */
async function pushThroughTestService(context: BrowserContext, sub: TestSubscription): Promise<void> {
  await context.addInitScript(
    ({ endpoint, keys }) => {
      const decode = (key: string) => {
        const binary = atob(key.replace(/-/g, '+').replace(/_/g, '/'));
        return Uint8Array.from(binary, (c) => c.charCodeAt(0)).buffer;
      };
      let current: PushSubscription | null = null;
      PushManager.prototype.subscribe = async (options?: PushSubscriptionOptionsInit) => {
        const serverKey = decode(String(options?.applicationServerKey ?? ''));
        current = {
          endpoint,
          expirationTime: null,
          options: { applicationServerKey: serverKey, userVisibleOnly: true },
          toJSON: () => ({ endpoint, expirationTime: null, keys }),
          unsubscribe: async () => {
            current = null;
            return true;
          },
          getKey: () => null,
        } as PushSubscription;
        return current;
      };
      PushManager.prototype.getSubscription = async () => current;
    },
    { endpoint: sub.endpoint, keys: sub.keys },
  );
}

async function waitForPush(sub: TestSubscription, count: number): Promise<PushNotification> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  while (sub.received.length < count) {
    if (sub.refused.length > 0) throw new Error(`the push service refused: ${sub.refused.join('; ')}`);
    if (Date.now() > deadline) throw new Error(`no push #${count} within ${UI_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return (sub.received[count - 1] as { notification: PushNotification }).notification;
}

/** The app's service worker, once it is active. */
async function appWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

/** The registration id Chrome gives the app's worker, for the DevTools protocol. */
async function registrationIdOf(cdp: CDPSession, origin: string): Promise<string> {
  return new Promise((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const mine = registrations.find((r) => !r.isDeleted && r.scopeURL.startsWith(origin));
      if (mine) resolve(mine.registrationId);
    });
    void cdp.send('ServiceWorker.enable');
  });
}

interface ShownNotification {
  title: string;
  body: string;
  tag: string;
}

async function notificationsShown(worker: Worker, count: number): Promise<ShownNotification[]> {
  let shown: ShownNotification[] = [];
  const deadline = Date.now() + UI_TIMEOUT_MS;
  do {
    shown = await worker.evaluate(async () => {
      // The worker's global scope (the e2e code is typed for pages).
      const scope = self as unknown as { registration: ServiceWorkerRegistration };
      const all = await scope.registration.getNotifications();
      return all.map((n) => ({ title: n.title, body: n.body, tag: n.tag }));
    });
    if (shown.length >= count) return shown;
    await new Promise((resolve) => setTimeout(resolve, 50));
  } while (Date.now() < deadline);
  return shown;
}

async function offline(watcher: LiaoClient, userId: string): Promise<void> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  while ((await watcher.api.getPresence([userId]))[0]?.online) {
    if (Date.now() > deadline) throw new Error('still online after the app closed');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('notifications while the app is closed', () => {
  let env: TestServer;
  let browser: Browser;
  let pushService: PushService;
  const talkers: LiaoClient[] = [];

  beforeAll(async () => {
    pushService = await startPushService();
    [env, browser] = await Promise.all([
      startServer((config) => {
        config.push.allowLoopbackEndpoints = true;
      }),
      launchBrowser(),
    ]);
  });

  afterAll(async () => {
    await Promise.all(talkers.map((t) => t.shutdown()));
    await browser?.close();
    await env?.stop();
    await pushService?.close();
  });

  it('are turned on in settings, shown by the service worker with the preview hidden or not, and open the chat', async () => {
    const alice = await makeAccount(env.url, uniqueName('alice'), 'Alice 爱丽丝');
    const bob = await makeAccount(env.url, uniqueName('bob'), 'Bob 鲍勃');
    await befriend(bob, alice);
    const chatId = await bob.client.api.openDirect(alice.me.id);
    const bobTalks = await connectedClient(env.url, bob);
    talkers.push(bobTalks);

    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(UI_TIMEOUT_MS);
    await context.grantPermissions(['notifications'], { origin: env.url });
    await context.addCookies([{ name: SESSION_COOKIE, value: alice.token, url: env.url }]);
    const sub = pushService.subscribe();
    await pushThroughTestService(context, sub);
    // A page of no origin keeps the browser's DevTools session once the app's page is closed.
    const blank = await context.newPage();
    const cdp = await context.newCDPSession(blank);

    // Settings → General: the person turns notifications on; push follows.
    let page = await context.newPage();
    await page.goto(`${env.url}/settings/general`);
    const workerReady = appWorker(context);
    await page.getByRole('switch', { name: '新消息通知' }).click();
    await page.getByRole('status').filter({ hasText: '聊关闭后，这台设备也会收到通知' }).waitFor();
    expect(await page.getByRole('switch', { name: '通知显示消息详情' }).getAttribute('aria-checked')).toBe(
      'false',
    );
    expect((await alice.client.api.getPushSubscription()).subscription).toMatchObject({
      endpoint: sub.endpoint,
      hidePreview: true,
    });
    const worker = await workerReady;
    const registrationId = await registrationIdOf(cdp, env.url);

    // The app closed: only its worker is left to show what Bob writes.
    await page.close();
    await offline(bob.client, alice.me.id);
    await bobTalks.sendText(chatId, '周六去爬山吗？');
    const hidden = await waitForPush(sub, 1);
    expect(hidden).toMatchObject({ type: 'message', title: null, preview: null, count: 1 });
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: env.url,
      registrationId,
      data: JSON.stringify(hidden),
    });
    expect(await notificationsShown(worker, 1)).toEqual([
      { title: '聊', body: '你收到了一条新消息', tag: chatId },
    ]);

    // Back in the app, the person chooses to see who wrote and what.
    page = await context.newPage();
    await page.goto(`${env.url}/settings/general`);
    await page.getByRole('status').filter({ hasText: '聊关闭后，这台设备也会收到通知' }).waitFor();
    await page.getByRole('switch', { name: '通知显示消息详情' }).click();
    await expect
      .poll(async () => (await alice.client.api.getPushSubscription()).subscription?.hidePreview)
      .toBe(false);
    await page.close();
    await offline(bob.client, alice.me.id);
    await bobTalks.sendText(chatId, '带上相机');
    const shown = await waitForPush(sub, 2);
    expect(shown).toMatchObject({ type: 'message', title: 'Bob 鲍勃', count: 2 });
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: env.url,
      registrationId,
      data: JSON.stringify(shown),
    });
    await expect
      .poll(async () => (await notificationsShown(worker, 1)).map((n) => `${n.title}|${n.body}`))
      .toEqual(['Bob 鲍勃|[2条] 带上相机']);

    // A click opens the app at the chat. Headless Chrome cannot click a system notification,
    // so the worker's own click handling is run with a window of the app open elsewhere.
    page = await context.newPage();
    await page.goto(`${env.url}/friends`);
    await page.getByRole('navigation', { name: '主导航' }).waitFor();
    await worker.evaluate(
      (url) => (globalThis as unknown as { openApp(url: string): Promise<void> }).openApp(url),
      `/chat/${chatId}`,
    );
    await page.getByRole('region', { name: 'Bob 鲍勃' }).getByText('带上相机').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/chat/${chatId}`);
    // Read here, so its notification goes.
    await expect.poll(async () => (await notificationsShown(worker, 0)).length).toBe(0);
    await context.close();
  });

  it.skipIf(!process.env.LIAO_SCREENSHOTS)(
    'pictures of the notification settings (opt-in: set LIAO_SCREENSHOTS=1 to write them)',
    async () => {
      const me: Account = await makeAccount(env.url, uniqueName('shots'), '林晓');
      for (const locale of LOCALES) {
        for (const theme of THEMES) {
          for (const device of ['desktop', 'phone'] as const) {
            const context = await signedInContext(
              browser,
              env.url,
              me.token,
              shotOptions(locale, theme, device),
            );
            await context.grantPermissions(['notifications'], { origin: env.url });
            await pushThroughTestService(context, pushService.subscribe());
            const page: Page = await context.newPage();
            await page.goto(`${env.url}/settings/general`);
            const strings = STRINGS[locale].list;
            const on = page.getByRole('switch', { name: strings.notifications });
            if ((await on.getAttribute('aria-checked')) !== 'true') await on.click();
            await page.getByRole('status').filter({ hasText: strings.pushOn }).waitFor();
            await page.getByRole('switch', { name: strings.preview }).scrollIntoViewIfNeeded();
            await shoot(page, `push-settings-${device}-${locale}-${theme}`);
            await context.close();
          }
        }
      }
      // The browser's push service out of reach: the line says so and offers to try again.
      for (const locale of LOCALES) {
        const context = await signedInContext(
          browser,
          env.url,
          me.token,
          shotOptions(locale, 'light', 'desktop'),
        );
        await context.grantPermissions(['notifications'], { origin: env.url });
        await context.addInitScript(() => {
          PushManager.prototype.subscribe = async () => {
            throw new DOMException('Registration failed - push service error', 'AbortError');
          };
          PushManager.prototype.getSubscription = async () => null;
        });
        const page = await context.newPage();
        await page.goto(`${env.url}/settings/general`);
        const strings = STRINGS[locale].list;
        const on = page.getByRole('switch', { name: strings.notifications });
        if ((await on.getAttribute('aria-checked')) !== 'true') await on.click();
        await page.getByRole('button', { name: strings.pushRetry }).waitFor();
        await shoot(page, `push-settings-failed-desktop-${locale}-light`);
        await context.close();
      }
      expect(SHOTS_DIR).toBeTruthy();
    },
  );
});
