import fs from 'node:fs';
import path from 'node:path';
import { SESSION_COOKIE } from '@liao/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openBrowserFor, startServer, type TestServer, uniqueName } from './harness';
import { type Account, connectedClient, makeAccount } from './seed';

// Issue 15, item 7: accepting seven friend requests left seven badges, and the "以下为新消息"
// line sat above "你们已成为好友" in the asker's own chat. System lines and one's own messages
// are never unread. Every step waits for what a person would see; nothing sleeps.
// LIAO_SCREENSHOTS=1 also saves the list and the asker's chat, beside the other pictures.

const SHOTS = process.env.LIAO_SCREENSHOTS ? path.resolve(import.meta.dirname, 'screenshots') : undefined;

async function shoot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}-desktop-zh-CN-light.png`) });
}

describe('new friends leave nothing unread', () => {
  let env: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [env, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  it('[#7] accepted requests show no badge; my own request shows no "new messages" line; news still does', async () => {
    const account = (name: string) => makeAccount(env.url, uniqueName('nf'), name);
    const [me, ...askers] = await Promise.all(['林晓', '王芳', '李华', '赵磊'].map(account));
    const zhou = await account('周杰');
    for (const asker of askers as Account[])
      await asker.client.api.sendFriendRequest(me!.me.id, `我是${asker.me.displayName}`);
    const mine = await me!.client.api.sendFriendRequest(zhou.me.id, '我是林晓');

    const person = await openBrowserFor(browser);
    const { page } = person;
    await person.context.addCookies([{ name: SESSION_COOKIE, value: me!.token, url: env.url }]);
    await page.goto(`${env.url}/friends`);
    const rail = page.getByRole('navigation', { name: '主导航' });

    // I accept the three requests, as a person does, on 新的朋友.
    await rail.getByRole('button', { name: '通讯录，3 个新的好友请求' }).click();
    await page.getByRole('button', { name: /新的朋友/ }).click();
    for (const asker of askers as Account[]) {
      const request = page.getByRole('listitem').filter({ hasText: `我是${asker.me.displayName}` });
      await request.getByRole('button', { name: '接受' }).click();
      await request.getByText('已添加').waitFor();
    }
    // And 周杰 accepts mine, from his own device.
    await zhou.client.api.acceptFriendRequest(mine.request.id);

    // Four new chats, each opening with 你们已成为好友, and not one badge among them.
    await rail.getByRole('button', { name: /^消息/ }).click();
    const rows = page.locator('.conv-row');
    for (const name of ['王芳', '李华', '赵磊', '周杰'])
      await rows.filter({ hasText: name }).filter({ hasText: '你们已成为好友' }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: /条未读/ }).count()).toBe(0);
    await rail.getByRole('button', { name: '消息', exact: true }).waitFor();
    await expect.poll(() => page.title()).toBe('聊');
    await shoot(page, 'new-friends-list');

    // My request's chat: my greeting, then the line that says we are friends, and no
    // "以下为新消息" between them (the line is the server's, not news from 周杰).
    await rows.filter({ hasText: '周杰' }).click();
    const zhouChat = page.getByRole('region', { name: '周杰' });
    await zhouChat.getByText('我是林晓').waitFor();
    await zhouChat.getByText('你们已成为好友，现在可以开始聊天了').waitFor();
    expect(await zhouChat.getByText('以下为新消息').count()).toBe(0);
    await shoot(page, 'new-friends-asker-chat');

    // An accepted one: their greeting, read on the request, is not news either.
    await rows.filter({ hasText: '王芳' }).click();
    const wangChat = page.getByRole('region', { name: '王芳' });
    await wangChat.getByText('我是王芳').waitFor();
    await wangChat.getByText('你们已成为好友，现在可以开始聊天了').waitFor();
    expect(await wangChat.getByText('以下为新消息').count()).toBe(0);

    // What a new friend writes is news: a badge, the count on the rail, and the line above it.
    const li = await connectedClient(env.url, askers[1]!);
    const liChatId = await li.api.openDirect(me!.me.id);
    await li.sendText(liChatId, '在吗？周末有空吗');
    await li.whenSent();
    await page
      .getByRole('button', { name: /1 条未读/ })
      .filter({ hasText: '李华' })
      .waitFor();
    await rail.getByRole('button', { name: '消息，1 条未读' }).waitFor();
    await rows.filter({ hasText: '李华' }).click();
    const liChat = page.getByRole('region', { name: '李华' });
    await liChat.getByText('以下为新消息').waitFor();
    await liChat.getByText('在吗？周末有空吗').waitFor();
    await rail.getByRole('button', { name: '消息', exact: true }).waitFor();
    await li.shutdown();

    expect(person.problems).toEqual([]);
    await person.context.close();
  });
});
