import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClipFile } from './clips';
import {
  launchBrowser,
  openBrowserFor,
  type Person,
  startServer,
  type TestServer,
  uniqueName,
} from './harness';
import { befriend, makeAccount, signInWithForm } from './seed';

/** The transcode runs on a machine that may be busy: give it time, as a person would wait. */
const PROCESSING_MS = 120_000;

async function waitForPlaying(page: Page, video: Locator): Promise<void> {
  await page.waitForFunction(
    (el) => el instanceof HTMLVideoElement && !el.paused && el.currentTime > 0 && el.readyState >= 3,
    await video.elementHandle(),
  );
}

// The whole of issue 8 as people do it: Alice posts a clip through the UI, shares it from her
// player into her chat with Bob with a comment; Bob plays it in the chat and answers the card;
// Alice sees the answer quoting it. Then she makes it private from her player and Bob's card
// says it is no longer available; at last she deletes it from its tile.

describe('a video from posting to the chat and back', () => {
  let env: TestServer;
  let browser: Browser;
  let dir: string;
  const people: Person[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-e2e-video-flow-'));
    [env, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is posted, shared with a comment, played and answered; made private it turns unavailable; then deleted', async () => {
    const alice = await makeAccount(env.url, uniqueName('alice'), 'Alice 爱丽丝');
    const bob = await makeAccount(env.url, uniqueName('bob'), 'Bob 鲍勃');
    await befriend(alice, bob);
    const clip = await makeClipFile(dir, { name: '海边.mp4' });

    const a = await openBrowserFor(browser);
    const b = await openBrowserFor(browser);
    people.push(a, b);
    await Promise.all([
      signInWithForm(a.page, env.url, alice.me.username),
      signInWithForm(b.page, env.url, bob.me.username),
    ]);

    // 发视频 through the UI, followed until the server has made it ready.
    await a.page.getByRole('button', { name: '视频', exact: true }).click();
    await a.page.getByRole('button', { name: '发视频' }).first().click();
    const post = a.page.getByRole('dialog', { name: '发视频' });
    await post.getByLabel('选择视频').setInputFiles(clip);
    await post.getByRole('textbox', { name: '描述' }).fill('海边日落');
    await post.getByRole('button', { name: '发布' }).click();
    await post.getByText('发布成功，朋友现在可以看到了').waitFor({ timeout: PROCESSING_MS });
    await post.getByRole('button', { name: '完成' }).click();
    await post.waitFor({ state: 'hidden' });

    // From My videos into the player; its share button opens the forward dialog.
    await a.page.getByRole('button', { name: '我的视频' }).click();
    const tile = a.page
      .getByRole('list', { name: '我的视频' })
      .locator('.video-tile', { hasText: '海边日落' });
    await tile.getByRole('button', { name: '播放：海边日落' }).click();
    const player = a.page.getByRole('dialog', { name: '视频播放' });
    await player.getByRole('button', { name: '分享这个视频' }).click();
    const share = a.page.getByRole('dialog', { name: '发送给' });
    await share.getByText('海边日落').waitFor();
    await share.getByRole('searchbox', { name: '搜索聊天或联系人' }).fill('Bob');
    await share.getByRole('checkbox', { name: 'Bob 鲍勃' }).first().check();
    await share.getByRole('textbox', { name: '留言' }).fill('你看这个 🌅');
    await share.getByRole('button', { name: '发送（1）' }).click();
    await share.waitFor({ state: 'detached' });
    await a.page.keyboard.press('Escape');
    await player.waitFor({ state: 'detached' });

    // Bob: the card with the comment, played right in the chat.
    await b.page
      .getByRole('button', { name: /Alice 爱丽丝/ })
      .filter({ hasText: '[视频] 海边日落' })
      .click();
    const bChat = b.page.getByRole('region', { name: 'Alice 爱丽丝' });
    const card = bChat.locator('.msg--other .video-card');
    await card.getByText('你看这个 🌅').waitFor();
    await card.getByRole('button', { name: '视频：海边日落' }).click();
    await waitForPlaying(b.page, card.locator('video'));

    // He answers the card from its menu.
    await card.click({ button: 'right', position: { x: 10, y: 10 } });
    await b.page.getByRole('menuitem', { name: '回复' }).click();
    await bChat.locator('.reply-bar').getByText('[视频] 海边日落').waitFor();
    await bChat.getByRole('textbox', { name: '输入消息' }).fill('好看！在哪拍的？');
    await b.page.keyboard.press('Enter');
    await bChat.locator('.msg--own', { hasText: '好看！在哪拍的？' }).locator('.reply-quote').waitFor();

    // Alice sees his answer quoting her card.
    // The rail's entry names the unread count too ("消息，1 条未读").
    await a.page.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: /^消息/ }).click();
    await a.page.getByRole('button', { name: /Bob 鲍勃/ }).click();
    const aChat = a.page.getByRole('region', { name: 'Bob 鲍勃' });
    await aChat
      .locator('.msg--other', { hasText: '好看！在哪拍的？' })
      .getByRole('button', { name: '引用你的消息: [视频] 海边日落' })
      .waitFor();

    // She makes it private from her player: no share button there any more, a lock on the tile.
    await a.page.getByRole('button', { name: '视频', exact: true }).click();
    await a.page.getByRole('button', { name: '我的视频' }).click();
    await tile.getByRole('button', { name: '播放：海边日落' }).click();
    await player.getByRole('button', { name: '视频操作' }).click();
    await a.page.getByRole('menuitem', { name: '编辑' }).click();
    const edit = a.page.getByRole('dialog', { name: '编辑视频' });
    expect(await edit.getByRole('textbox', { name: '描述' }).inputValue()).toBe('海边日落');
    await edit.getByRole('radio', { name: '仅自己' }).click();
    await edit.getByText('仅自己可见后，分享到聊天里的这个视频会显示为已不可用。').waitFor();
    await edit.getByRole('button', { name: '保存' }).click();
    await edit.waitFor({ state: 'hidden' });
    await player.getByRole('button', { name: '分享这个视频' }).waitFor({ state: 'detached' });
    await a.page.keyboard.press('Escape');
    await player.waitFor({ state: 'detached' });
    await tile.getByText('仅自己可见').waitFor({ state: 'attached' });
    expect(await tile.getByRole('button', { name: '分享这个视频' }).count()).toBe(0);

    // Bob's card, once his page presents it again, says the video is gone; the comment stays.
    await b.page.reload();
    const gone = b.page.getByRole('region', { name: 'Alice 爱丽丝' }).locator('.msg--other .video-card');
    await gone.getByText('该视频已不可用').waitFor();
    await gone.getByText('你看这个 🌅').waitFor();
    expect(await gone.locator('video').count()).toBe(0);

    // Deleted from its tile after she confirms: it leaves My videos.
    await tile.getByRole('button', { name: '视频操作' }).click();
    await a.page.getByRole('menuitem', { name: '删除' }).click();
    const confirm = a.page.getByRole('dialog', { name: '删除这个视频？' });
    await confirm.getByRole('button', { name: '删除' }).click();
    await tile.waitFor({ state: 'detached' });
    await a.page.getByText('你还没有发过视频').waitFor();
    await a.page.reload();
    await a.page.getByText('你还没有发过视频').waitFor();

    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  });
});
