import fs from 'node:fs';
import path from 'node:path';
import type { LiaoClient } from '@liao/client';
import { SESSION_COOKIE } from '@liao/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  launchBrowser,
  openBrowserFor,
  PHONE,
  startServer,
  type TestServer,
  uniqueName,
} from './harness';
import { type Account, befriend, connectedClient, makeAccount, makeAvatarPng } from './seed';

// A group without a name is called by its people, as in WeChat; and a chat marked unread right
// after it was read stays unread. LIAO_NAMES_SHOTS=<folder> also saves pictures of the first.

const SHOTS = process.env.LIAO_NAMES_SHOTS;

async function say(url: string, account: Account, conversationId: string, text: string): Promise<void> {
  const client = await connectedClient(url, account);
  await client.sendText(conversationId, text);
  await client.whenSent();
  await client.shutdown();
}

async function signedIn(page: Page, url: string, account: Account, at = '/') {
  await page.context().addCookies([{ name: SESSION_COOKIE, value: account.token, url }]);
  await page.goto(`${url}${at}`);
}

describe('groups without a name, and marking unread', () => {
  let env: TestServer;
  let browser: Browser;
  const talkers: LiaoClient[] = [];

  beforeAll(async () => {
    [env, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await Promise.all(talkers.map((c) => c.shutdown()));
    await browser?.close();
    await env?.stop();
  });

  it('is called by its members in the list, the header, the switcher and search, following 群昵称 and joins', async () => {
    const [me, zhang, li, wang, zhao, sun] = await Promise.all([
      makeAccount(env.url, uniqueName('me'), '林晓'),
      makeAccount(env.url, uniqueName('zhang'), '张伟', {
        avatar: makeAvatarPng([96, 178, 230], [40, 90, 170], [240, 250, 255]),
      }),
      makeAccount(env.url, uniqueName('li'), 'Li Na'),
      makeAccount(env.url, uniqueName('wang'), '王芳'),
      makeAccount(env.url, uniqueName('zhao'), '赵磊'),
      makeAccount(env.url, uniqueName('sun'), '孙悦'),
    ]);
    // Only 张伟 is my friend: the others I know through the group alone.
    await Promise.all([zhang, li, wang, zhao, sun].map((a) => befriend(a === zhang ? me : zhang, a)));
    await me.client.api.setRemark(zhang.me.id, '伟哥');
    const group = await zhang.client.api.createGroup({ memberIds: [me.me.id, li.me.id, wang.me.id] });
    await say(env.url, wang, group.id, '周末去香山吗？');

    const p = await openBrowserFor(browser);
    const { page } = p;
    await signedIn(page, env.url, me);
    const list = page.getByRole('list', { name: '消息' });
    // Me left out; my remark for 张伟; the others by their own names; in joining order.
    const title = '伟哥、Li Na、王芳';
    await list.locator(`.conv-row[data-name="${title}"]`).waitFor();
    await list.locator(`.conv-row[data-name="${title}"]`).click();
    await page.getByRole('region', { name: title }).getByText('周末去香山吗？').waitFor();

    // Her 群昵称 replaces her name there as soon as she sets it.
    await li.client.api.setNickname(group.id, '娜娜');
    const renamed = '伟哥、娜娜、王芳';
    await page.getByRole('region', { name: renamed }).waitFor();
    await list.locator(`.conv-row[data-name="${renamed}"]`).waitFor();

    // Past four others: the first three and how many.
    await zhang.client.api.inviteMembers(group.id, [zhao.me.id, sun.me.id]);
    const crowd = '伟哥、娜娜、王芳等5人';
    await page.getByRole('region', { name: crowd }).waitFor();

    // The switcher and the search find it by a member's name.
    await page.keyboard.press('Control+k');
    const switcher = page.getByRole('dialog', { name: '跳转到聊天' });
    await switcher.getByRole('combobox').fill('娜娜');
    await switcher.getByRole('option', { name: new RegExp(crowd) }).waitFor();
    await page.keyboard.press('Escape');
    await switcher.waitFor({ state: 'detached' });
    const search = page.getByRole('searchbox', { name: '搜索聊天和联系人' });
    await search.fill('王芳');
    await page
      .getByRole('region', { name: '搜索聊天和联系人' })
      .getByRole('region', { name: '聊天' })
      .getByText(crowd)
      .waitFor();
    await search.press('Escape');

    // A name given to the group wins over its people.
    await zhang.client.api.updateConversation(group.id, { name: '香山小分队' });
    await page.getByRole('region', { name: '香山小分队' }).waitFor();
    expect(p.problems).toEqual([]);
    await p.context.close();

    if (SHOTS) {
      const unnamed = await zhang.client.api.createGroup({ memberIds: [me.me.id, li.me.id, wang.me.id] });
      await say(env.url, li, unnamed.id, '我带相机 📷');
      fs.mkdirSync(SHOTS, { recursive: true });
      for (const locale of ['zh-CN', 'en'] as const) {
        for (const theme of ['light', 'dark'] as const) {
          for (const [device, options] of [
            ['desktop', DESKTOP],
            ['phone', PHONE],
          ] as const) {
            const shot = await openBrowserFor(browser, { ...options, locale, colorScheme: theme });
            await signedIn(shot.page, env.url, me, `${device === 'phone' ? '/m' : ''}/chat/${unnamed.id}`);
            await shot.page.getByText('我带相机 📷').last().waitFor();
            const name = locale === 'en' ? '伟哥, Li Na, 王芳' : '伟哥、Li Na、王芳';
            await shot.page.getByRole('heading', { name }).first().waitFor();
            await shot.page.screenshot({
              path: path.join(SHOTS, `unnamed-${device}-${locale}-${theme}.png`),
            });
            if (device === 'desktop') {
              await shot.page.keyboard.press('Control+k');
              await shot.page
                .getByRole('option', { name: new RegExp(name) })
                .first()
                .waitFor();
              await shot.page.screenshot({ path: path.join(SHOTS, `switcher-${locale}-${theme}.png`) });
            }
            await shot.context.close();
          }
        }
      }
    }
  });

  it('a chat marked unread the moment it was read stays unread, on every device', async () => {
    const [me, bob] = await Promise.all([
      makeAccount(env.url, uniqueName('me'), '林晓'),
      makeAccount(env.url, uniqueName('bob'), 'Bob 鲍勃'),
    ]);
    await befriend(bob, me);
    const chat = await bob.client.api.openDirect(me.me.id);
    const bobs = await connectedClient(env.url, bob);
    talkers.push(bobs);
    await bobs.sendText(chat, '晚上一起吃饭？');
    await bobs.whenSent();

    const p = await openBrowserFor(browser);
    const { page } = p;
    await signedIn(page, env.url, me);
    const row = page.getByRole('list', { name: '消息' }).locator('.conv-row[data-name="Bob 鲍勃"]');
    // Open it (that reads it) and at once mark it unread, before the read's pause is over.
    await row.click();
    await page.getByRole('region', { name: 'Bob 鲍勃' }).getByText('晚上一起吃饭？').waitFor();
    await row.click({ button: 'right' });
    await page.getByRole('menuitem', { name: '标为未读' }).click();
    await row.locator('.conv-row__dot').waitFor();

    // Bob sees it read: the read reached the server, and it did not undo the mark.
    const lastSeq = bobs.getConversation(chat)?.lastSeq;
    await expect.poll(() => bobs.getConversation(chat)?.peerReadSeq).toBe(lastSeq);
    const elsewhere = await connectedClient(env.url, me);
    talkers.push(elsewhere);
    await expect.poll(() => elsewhere.getConversation(chat)?.markedUnread).toBe(true);
    expect(elsewhere.getConversation(chat)).toMatchObject({ readSeq: lastSeq, unreadCount: 0 });
    // Back in the app (the list, not that chat: opening it would read it), the dot is there.
    await page.goto(env.url);
    await row.locator('.conv-row__dot').waitFor();
    expect(await row.locator('.conv-row__dot').count()).toBe(1);
    expect(p.problems).toEqual([]);
    await p.context.close();
  });
});
