import fs from 'node:fs';
import path from 'node:path';
import { LiaoClient, MemoryStore } from '@liao/client';
import { nodeSocketFactory } from '@liao/client/node';
import { SESSION_COOKIE } from '@liao/protocol';
import type { Browser } from 'playwright-core';
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
import { type Account, befriend, makeAccount, makeAvatarPng } from './seed';

// In a group, members who are not my friends show by their names and pictures, as in WeChat:
// above their messages, in the lines about them, in the member grid and the list's mosaic.
// LIAO_SCREENSHOTS=1 also saves pictures of it in both languages and themes, beside the other
// screenshots in packages/web/e2e/screenshots/ (see screenshots.test.ts).

const SHOTS = process.env.LIAO_SCREENSHOTS ? path.resolve(import.meta.dirname, 'screenshots') : undefined;

/** Says lines in a conversation through an SDK client with a local store, in order. */
async function say(url: string, account: Account, conversationId: string, lines: string[]) {
  const client = new LiaoClient({
    baseUrl: url,
    token: account.token,
    store: new MemoryStore(),
    createSocket: nodeSocketFactory(() => account.token),
  });
  await client.connect();
  for (const text of lines) {
    await client.sendText(conversationId, text);
    await client.whenSent();
  }
  await client.shutdown();
}

describe('names of group members who are not my friends', () => {
  let env: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [env, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  it('a member sees a stranger’s name and picture above her messages, in the lines about her and in the grid', async () => {
    const [alice, bob, carol] = await Promise.all([
      makeAccount(env.url, uniqueName('alice'), 'Alice 爱丽丝'),
      makeAccount(env.url, uniqueName('bob'), 'Bob 鲍勃'),
      makeAccount(env.url, uniqueName('carol'), 'Carol 卡罗尔', {
        avatar: makeAvatarPng([96, 178, 230], [40, 90, 170], [240, 250, 255]),
      }),
    ]);
    // Bob and Carol are not friends: each knows the other only through the group.
    await Promise.all([befriend(alice, bob), befriend(alice, carol)]);
    const group = await alice.client.api.createGroup({
      memberIds: [bob.me.id, carol.me.id],
      name: '周末爬山',
    });
    await say(env.url, carol, group.id, ['周六几点出发？', '我带相机 📷']);
    await say(env.url, alice, group.id, ['八点地铁站见']);

    const b = await openBrowserFor(browser);
    await b.context.addCookies([{ name: SESSION_COOKIE, value: bob.token, url: env.url }]);
    await b.page.goto(`${env.url}/chat/${group.id}`);
    const chat = b.page.getByRole('region', { name: '周末爬山' });

    await chat.getByText('Alice 爱丽丝邀请你、Carol 卡罗尔加入了群聊').waitFor();
    // Her name above the first of her two messages only, and her picture beside it.
    await chat.getByText('周六几点出发？').waitFor();
    expect(await chat.getByText('Carol 卡罗尔', { exact: true }).count()).toBe(1);
    await chat.locator(`img[src="${carol.me.avatarUrl}"]`).first().waitFor();
    await chat.getByText('Alice 爱丽丝', { exact: true }).waitFor();
    // The list's mosaic draws her picture too.
    await b.page.locator(`img[src="${carol.me.avatarUrl}"]`).nth(1).waitFor();

    // Her 群昵称 replaces her name as soon as she sets it.
    await carol.client.api.setNickname(group.id, '小卡');
    await chat.getByText('小卡', { exact: true }).waitFor();
    await chat.getByText('Alice 爱丽丝邀请你、小卡加入了群聊').waitFor();

    await chat.getByRole('button', { name: '聊天信息' }).click();
    const info = b.page.getByRole('complementary', { name: '聊天信息' });
    await info.getByText('小卡', { exact: true }).waitFor();

    if (SHOTS) {
      fs.mkdirSync(SHOTS, { recursive: true });
      await b.page.screenshot({ path: path.join(SHOTS, 'group-strangers-info-desktop-zh-CN-light.png') });
    }

    // Removed, she is still named in the line about it.
    await alice.client.api.removeMember(group.id, carol.me.id);
    await chat.getByText('Alice 爱丽丝将小卡移出了群聊').waitFor();
    await info.getByText('群成员（2）').waitFor();
    expect(b.problems).toEqual([]);
    await b.context.close();
  });

  it.runIf(SHOTS)(
    'pictures of a group chat with strangers (opt-in: set LIAO_SCREENSHOTS=1 to write them)',
    async () => {
      const [alice, bob, carol, dave] = await Promise.all([
        makeAccount(env.url, uniqueName('alice'), '林晓', {
          avatar: makeAvatarPng([255, 154, 120], [214, 76, 120], [255, 236, 190]),
        }),
        makeAccount(env.url, uniqueName('bob'), 'Emma Wang'),
        makeAccount(env.url, uniqueName('carol'), '陈静', {
          avatar: makeAvatarPng([96, 178, 230], [40, 90, 170], [240, 250, 255]),
        }),
        makeAccount(env.url, uniqueName('dave'), '周杰', {
          avatar: makeAvatarPng([120, 200, 150], [30, 110, 90], [250, 245, 200]),
        }),
      ]);
      await Promise.all([befriend(alice, bob), befriend(alice, carol), befriend(alice, dave)]);
      const group = await alice.client.api.createGroup({ memberIds: [bob.me.id, carol.me.id] });
      await alice.client.api.inviteMembers(group.id, [dave.me.id]);
      await say(env.url, carol, group.id, ['周六去香山吗？听说红叶正好 🍁', '我查了天气，晴天']);
      await say(env.url, bob, group.id, ['I am in! 几点出发？']);
      await say(env.url, dave, group.id, ['八点地铁站见']);
      await carol.client.api.setNickname(group.id, '静静');

      for (const locale of ['zh-CN', 'en'] as const) {
        for (const theme of ['light', 'dark'] as const) {
          for (const [device, options] of [
            ['desktop', DESKTOP],
            ['phone', PHONE],
          ] as const) {
            const p = await openBrowserFor(browser, { ...options, locale, colorScheme: theme });
            await p.context.addCookies([{ name: SESSION_COOKIE, value: bob.token, url: env.url }]);
            await p.page.goto(`${env.url}${device === 'phone' ? '/m' : ''}/chat/${group.id}`);
            await p.page.getByText('八点地铁站见').last().waitFor();
            await p.page.getByText('静静', { exact: true }).first().waitFor();
            // The list's mosaic, beside the chat on the desktop.
            if (device === 'desktop')
              await p.page.locator('.conv-row').first().locator('img').first().waitFor();
            await p.page.screenshot({
              path: path.join(SHOTS!, `group-strangers-${device}-${locale}-${theme}.png`),
            });
            await p.context.close();
          }
        }
      }
    },
  );
});
