import type { LiaoClient } from '@liao/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  openBrowserFor,
  type Person,
  startServer,
  type TestServer,
  uniqueName,
} from './harness';
import { type Account, befriend, connectedClient, makeAccount, signInWithForm } from './seed';

// The chat list as a desktop person uses it all day: the right-click menu (pin, mute, mark
// unread, delete), the search box, Ctrl+K and Alt+↓, and the unread count in the title.
// Friends write through their own SDK clients; every step waits for what the page shows.

/** A connected SDK client with a local store: it can send, and read up to the newest message. */
async function talkerFor(url: string, account: Account): Promise<LiaoClient> {
  const client = await connectedClient(url, account);
  await client.whenSynced();
  return client;
}

async function say(client: LiaoClient, conversationId: string, text: string): Promise<void> {
  await client.sendText(conversationId, text);
  await client.whenSent();
}

/** The names of the chat list's rows, top to bottom. */
function rowNames(page: Page): Promise<string[]> {
  return page.locator('.conv-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name') ?? ''));
}

async function waitForTitle(page: Page, title: string) {
  await page.waitForFunction((want) => document.title === want, title);
}

describe('the chat list', () => {
  let env: TestServer;
  let browser: Browser;
  const talkers: LiaoClient[] = [];

  beforeAll(async () => {
    [env, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await Promise.all(talkers.map((t) => t.shutdown()));
    await browser?.close();
    await env?.stop();
  });

  it('pins, mutes, marks unread, deletes, searches, switches with Ctrl+K and Alt+↓, counts in the title', async () => {
    const me = await makeAccount(env.url, uniqueName('me'), '林晓');
    const [bob, carol, dave, erin] = await Promise.all([
      makeAccount(env.url, uniqueName('bob'), 'Bob 鲍勃'),
      makeAccount(env.url, uniqueName('carol'), 'Carol 卡罗'),
      makeAccount(env.url, uniqueName('dave'), 'Dave 大卫'),
      makeAccount(env.url, uniqueName('erin'), '艾琳'),
    ]);
    for (const friend of [bob, carol, dave, erin]) await befriend(friend, me);
    // Friends start with a chat; Erin's is deleted, so she is found as a contact only.
    const withErin = await me.client.api.openDirect(erin.me.id);
    await me.client.api.deleteConversation(withErin);
    const ids = await Promise.all([bob, carol, dave].map((f) => me.client.api.openDirect(f.me.id)));
    const [withBob, withCarol, withDave] = ids as [string, string, string];
    const [mine, bobs, carols, daves] = (await Promise.all(
      [me, bob, carol, dave].map((a) => talkerFor(env.url, a)),
    )) as [LiaoClient, LiaoClient, LiaoClient, LiaoClient];
    talkers.push(mine, bobs, carols, daves);
    // I have read the lines that say we are friends; then each friend writes once, Dave last.
    for (const id of ids)
      await mine.request('read', { conversationId: id, seq: mine.getConversation(id)?.lastSeq ?? 0 });
    await say(bobs, withBob, 'Bob 的第一条');
    await say(carols, withCarol, 'Carol 的第一条');
    await say(daves, withDave, 'Dave 的第一条');

    const person: Person = await openBrowserFor(browser);
    const { page } = person;
    await signInWithForm(page, env.url, me.me.username);
    const list = page.getByRole('list', { name: '消息' });
    const row = (name: string) => list.locator(`.conv-row[data-name="${name}"]`);
    await row('Bob 鲍勃').waitFor();
    expect(await rowNames(page)).toEqual(['Dave 大卫', 'Carol 卡罗', 'Bob 鲍勃']);
    await waitForTitle(page, '(3) 聊');

    // Pin Bob from his row's menu: he moves to the top.
    await row('Bob 鲍勃').click({ button: 'right' });
    await page.getByRole('menu', { name: '聊天操作' }).getByRole('menuitem', { name: '置顶' }).click();
    await expect.poll(() => rowNames(page)).toEqual(['Bob 鲍勃', 'Dave 大卫', 'Carol 卡罗']);
    await row('Bob 鲍勃').and(page.locator('.conv-row--pinned')).waitFor();

    // Mute Carol from the keyboard (Shift+F10): the bell-off mark shows, her badge turns grey,
    // and she no longer counts in the title.
    await row('Carol 卡罗').focus();
    await page.keyboard.press('Shift+F10');
    await page.getByRole('menuitem', { name: '消息免打扰' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await row('Carol 卡罗').getByRole('img', { name: '消息免打扰' }).waitFor();
    await row('Carol 卡罗').locator('.conv-row__badge--muted').waitFor();
    await waitForTitle(page, '(2) 聊');

    // Esc closes a menu without doing anything.
    await row('Dave 大卫').click({ button: 'right' });
    await page.getByRole('menu').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'detached' });

    // Read Dave's chat, then mark it unread: a dot without a number, counted once.
    await row('Dave 大卫').click();
    await page.getByRole('region', { name: 'Dave 大卫' }).getByText('Dave 的第一条').waitFor();
    await waitForTitle(page, '(1) 聊');
    // Dave sees it read: the read has reached the server (a later read would clear the mark).
    await expect
      .poll(() => daves.getConversation(withDave)?.peerReadSeq)
      .toBe(daves.getConversation(withDave)?.lastSeq);
    await row('Dave 大卫').click({ button: 'right' });
    await page.getByRole('menuitem', { name: '标为未读' }).click();
    await row('Dave 大卫').locator('.conv-row__dot').waitFor();
    await waitForTitle(page, '(2) 聊');
    // Alt+↓ from Bob (pinned, first) opens the next chat, Dave's; opening it clears the dot.
    await row('Bob 鲍勃').click();
    await page.getByRole('region', { name: 'Bob 鲍勃' }).waitFor();
    await page.keyboard.press('Alt+ArrowDown');
    await page.getByRole('region', { name: 'Dave 大卫' }).waitFor();
    await row('Dave 大卫').and(page.locator('[aria-current="true"]')).waitFor();
    await row('Dave 大卫').locator('.conv-row__dot').waitFor({ state: 'detached' });
    await waitForTitle(page, '聊');

    // Delete Bob's chat (after a question): it leaves the list until he writes again.
    await row('Bob 鲍勃').click({ button: 'right' });
    await page.getByRole('menuitem', { name: '删除聊天' }).click();
    await page.getByRole('dialog', { name: '删除聊天' }).getByRole('button', { name: '删除' }).click();
    await row('Bob 鲍勃').waitFor({ state: 'detached' });
    // A sync begun before the delete committed may show the row for a moment (a loaded CI run
    // caught it): what stays is the list without Bob.
    await expect.poll(() => rowNames(page)).toEqual(['Dave 大卫', 'Carol 卡罗']);
    await say(bobs, withBob, 'Bob 又来了');
    await row('Bob 鲍勃').getByText('Bob 又来了').waitFor();

    // The search box filters as you type: chats, then friends without a chat; Esc clears it,
    // Enter opens the first thing found.
    const search = page.getByRole('searchbox', { name: '搜索聊天和联系人' });
    await search.fill('car');
    const found = page.getByRole('region', { name: '搜索聊天和联系人' });
    await found.getByRole('region', { name: '聊天' }).getByText('Carol 卡罗').waitFor();
    expect(await found.getByText('Dave 大卫').count()).toBe(0);
    await search.press('Escape');
    await row('Dave 大卫').waitFor();
    await search.fill('艾');
    await found.getByRole('region', { name: '联系人' }).getByText('艾琳').waitFor();
    await search.press('Enter');
    await page.waitForURL(`**/chat/${withErin}`);
    expect(await search.inputValue()).toBe('');

    // Ctrl+K: type part of a name, Enter opens that chat; Esc closes the switcher.
    await page.keyboard.press('Control+k');
    const switcher = page.getByRole('dialog', { name: '跳转到聊天' });
    await switcher.getByRole('combobox').fill('dave');
    await switcher
      .getByRole('option', { name: /Dave 大卫/ })
      .and(page.locator('[aria-selected="true"]'))
      .waitFor();
    await page.keyboard.press('Enter');
    await switcher.waitFor({ state: 'detached' });
    await page.getByRole('region', { name: 'Dave 大卫' }).waitFor();
    await page.keyboard.press('Control+k');
    await switcher.waitFor();
    await page.keyboard.press('Escape');
    await switcher.waitFor({ state: 'detached' });

    expect(person.problems).toEqual([]);
  });

  it('installs as an app: a manifest with icons, and a service worker that opens the app offline', async () => {
    const person = await openBrowserFor(browser);
    const { page } = person;
    await page.goto(env.url);
    await page.getByRole('heading', { name: '登录聊' }).waitFor();
    const manifest = await page.evaluate(async () => {
      const href = document.querySelector<HTMLLinkElement>('link[rel="manifest"]')?.href ?? '';
      const body = await (await fetch(href)).json();
      const icons = await Promise.all(
        body.icons.map(async (icon: { src: string }) => (await fetch(icon.src)).headers.get('content-type')),
      );
      return { name: body.name, display: body.display, icons };
    });
    expect(manifest).toEqual({ name: '聊 Liao', display: 'standalone', icons: Array(4).fill('image/png') });
    // The worker keeps the shell once it is active; then the page opens without a network,
    // and the API is never answered from the cache (the app says it cannot reach the server).
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await person.context.setOffline(true);
    await page.reload();
    await page.getByText('无法连接到服务器').waitFor();
    await person.context.setOffline(false);
    await page.getByRole('button', { name: '重试' }).click();
    await page.getByRole('heading', { name: '登录聊' }).waitFor();
    expect(person.problems).toEqual([]);
  });
});
