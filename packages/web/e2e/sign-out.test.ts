import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, openBrowserFor, startServer, type TestServer, uniqueName } from './harness';
import { type Account, befriend, connectedClient, makeAccount, makeAvatarPng, signInWithForm } from './seed';

/** What the app's local database holds, table by table (IndexedDB 'liao', see state/sdk.ts). */
async function storedCounts(page: Page): Promise<Record<'conversations' | 'messages' | 'outbox', number>> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('liao');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = ['conversations', 'messages', 'outbox'] as const;
          const tx = db.transaction([...names], 'readonly');
          const counts = { conversations: 0, messages: 0, outbox: 0 };
          for (const name of names) {
            const request = tx.objectStore(name).count();
            request.onsuccess = () => {
              counts[name] = request.result;
            };
          }
          tx.oncomplete = () => {
            db.close();
            resolve(counts);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

const EMPTY = { conversations: 0, messages: 0, outbox: 0 };

// On a computer others use, signing out must leave nothing of the chats behind, however the
// session ends (issue 15, item 4); "keep history" only decides whether the chats outlive the
// browser while still signed in.
describe('what stays behind on this computer', () => {
  let env: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [env, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  /** Alice with a chat that Bob wrote three lines into; her desktop signed in, the chat open. */
  async function aliceReading(options: { keepHistory?: boolean } = {}) {
    const alice = await makeAccount(env.url, uniqueName('alice'), 'Alice 爱丽丝');
    const bob = await makeAccount(env.url, uniqueName('bob'), 'Bob 鲍勃');
    await befriend(alice, bob);
    const conversationId = await alice.client.api.openDirect(bob.me.id);
    const bobClient = await connectedClient(env.url, bob);
    const png = makeAvatarPng([96, 178, 230], [40, 90, 170], [240, 250, 255], 200);
    const photo = await bobClient.api.uploadImage(conversationId, new Uint8Array(png), 'image/png');
    await bobClient.sendImage(conversationId, photo);
    for (const text of ['第一句', '第二句', '悄悄话']) await bobClient.sendText(conversationId, text);
    await bobClient.whenSent();
    await bobClient.shutdown();
    const a = await openBrowserFor(browser);
    await signInWithForm(a.page, env.url, alice.me.username, options);
    await a.page.goto(`${env.url}/chat/${conversationId}`);
    const chat = a.page.getByRole('region', { name: 'Bob 鲍勃' });
    await chat.getByText('悄悄话').waitFor();
    await chat.locator('.img-bubble--loaded').waitFor();
    await expect.poll(async () => (await storedCounts(a.page)).messages).toBeGreaterThanOrEqual(4);
    const photoUrl = await chat.locator('.img-bubble--loaded img').getAttribute('src');
    if (!photoUrl) throw new Error('the photo has no address');
    // The picture is in the browser's cache now (it is cached for a year: it never changes).
    expect(await inBrowserCache(a.page, photoUrl)).toBe(true);
    return { alice, bob, conversationId, a, photoUrl };
  }

  /** Whether the browser's HTTP cache answers for this address without asking the server. */
  function inBrowserCache(page: Page, url: string): Promise<boolean> {
    return page.evaluate(
      (address) =>
        fetch(address, { cache: 'only-if-cached', mode: 'same-origin' }).then(
          (response) => response.ok,
          () => false,
        ),
      url,
    );
  }

  it('[item 4] signing out here wipes the chats, messages and outbox from the browser, and says so', async () => {
    const { a, photoUrl } = await aliceReading();
    await a.page.getByRole('button', { name: '设置' }).click();
    await a.page.getByRole('button', { name: '退出登录' }).click();
    await a.page.getByRole('dialog').getByText('这里保存的聊天记录也会被清除').waitFor();
    await a.page.getByRole('dialog').getByRole('button', { name: '退出登录' }).click();

    await a.page.getByRole('heading', { name: '登录聊' }).waitFor();
    await a.page.getByText('你已退出登录').waitFor();
    await a.page.getByText('这台电脑上的聊天记录已清除').waitFor();
    expect(await storedCounts(a.page)).toEqual(EMPTY);
    // Nor do the chat's pictures stay in the browser's cache.
    await expect.poll(() => inBrowserCache(a.page, photoUrl)).toBe(false);
    expect(a.problems).toEqual([]);
    await a.context.close();
  });

  it('[items 4, 5] signed out from the phone: wiped the same, and told it was the phone', async () => {
    const { alice, a, photoUrl } = await aliceReading();
    const phone = await connectedClient(env.url, await phoneOf(alice));
    // The browser's own session (its User-Agent names it), not the one that made the account.
    const desktop = (await phone.api.listDevices()).find((d) => d.name === 'Chrome · Linux');
    await phone.api.signOutDevice(desktop?.id ?? 'missing');
    await phone.shutdown();

    await a.page.getByRole('heading', { name: '登录聊' }).waitFor();
    await a.page.getByText('你已在手机上退出登录').waitFor();
    await a.page.getByText('这台电脑上的聊天记录已清除').waitFor();
    expect(await storedCounts(a.page)).toEqual(EMPTY);
    await expect.poll(() => inBrowserCache(a.page, photoUrl)).toBe(false);
    expect(a.problems).toEqual([]);
    await a.context.close();
  });

  /** Alice signing in on her phone too (a bearer token, as a bot would hold it). */
  async function phoneOf(alice: Account): Promise<Account> {
    const result = await alice.client.api.signIn({
      username: alice.me.username,
      password: 'screenshots 123',
      device: { name: 'iPhone', platform: 'phone' },
      transport: 'bearer',
    });
    return { ...alice, token: result.token ?? '' };
  }

  /**
   * The browser closed with Alice still signed in and a line she wrote offline still unsent,
   * then opened again: the same cookies less those that last only as long as the browser, the
   * same local database.
   */
  async function restartBrowser(context: BrowserContext): Promise<Page> {
    const state = await context.storageState({ indexedDB: true });
    await context.close();
    const cookies = state.cookies.filter((cookie) => cookie.expires !== -1);
    const again = await browser.newContext({
      locale: 'zh-CN',
      ...DESKTOP,
      storageState: { ...state, cookies },
    });
    return again.newPage();
  }

  async function writeOffline(a: { context: BrowserContext; page: Page }, text: string): Promise<void> {
    await a.context.setOffline(true);
    const box = a.page.getByRole('region', { name: 'Bob 鲍勃' }).getByRole('textbox', { name: '输入消息' });
    await box.fill(text);
    await box.press('Enter');
    await expect.poll(async () => (await storedCounts(a.page)).outbox).toBe(1);
  }

  it('[item 4] history not kept (the default): a browser closed while signed in opens with nothing of the old chats stored', async () => {
    const { bob, conversationId, a } = await aliceReading();
    await writeOffline(a, '关掉浏览器前写的');
    const page = await restartBrowser(a.context);
    await page.goto(`${env.url}/chat/${conversationId}`);
    // Still signed in; the chat comes back from the server, the unsent line does not.
    await page.getByRole('region', { name: 'Bob 鲍勃' }).getByText('悄悄话').waitFor();
    expect((await storedCounts(page)).outbox).toBe(0);
    await page.getByRole('region', { name: 'Bob 鲍勃' }).getByText('第一句').waitFor();
    expect(await page.getByText('关掉浏览器前写的').count()).toBe(0);
    const texts = await textsOf(bob, conversationId);
    expect(texts).not.toContain('关掉浏览器前写的');
    await page.context().close();
  });

  it('[item 4] history kept (ticked at sign-in): it outlives the browser, and the unsent line goes out', async () => {
    const { bob, conversationId, a } = await aliceReading({ keepHistory: true });
    await writeOffline(a, '关掉浏览器前写的');
    const page = await restartBrowser(a.context);
    await page.goto(`${env.url}/chat/${conversationId}`);
    await expect.poll(() => textsOf(bob, conversationId)).toContain('关掉浏览器前写的');
    await page.context().close();
  });

  /** The chat's lines as Bob's own device has them from the server. */
  async function textsOf(bob: Account, conversationId: string): Promise<string[]> {
    const client = await connectedClient(env.url, bob);
    try {
      await client.whenSynced();
      const items = await client.getTimeline(conversationId, { limit: 100 });
      return items.flatMap((item) =>
        item.kind === 'message' && item.message.content.kind === 'text' ? [item.message.content.text] : [],
      );
    } finally {
      await client.shutdown();
    }
  }
});
