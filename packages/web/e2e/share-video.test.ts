import type { LiaoClient } from '@liao/client';
import type { Message } from '@liao/protocol';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClipBytes } from './clips';
import {
  launchBrowser,
  openBrowserFor,
  type Person,
  startServer,
  type TestServer,
  UI_TIMEOUT_MS,
  uniqueName,
} from './harness';
import { befriend, connectedClient, makeAccount, signInWithForm } from './seed';

/** The first video message from `senderId` that reaches this client live. */
function nextVideoFrom(client: LiaoClient, senderId: string): Promise<Message> {
  return client
    .waitForEvent(
      'message.new',
      (e) => e.message.senderId === senderId && e.message.content.kind === 'video',
      UI_TIMEOUT_MS * 2,
    )
    .then((e) => e.message);
}

// Alice shares her video from the card in one chat into two others — one picked from the
// recent chats, one found by the search — with a comment; both friends receive it.

describe('share a video into chats', () => {
  let env: TestServer;
  let browser: Browser;
  const people: Person[] = [];
  const clients: LiaoClient[] = [];

  beforeAll(async () => {
    [env, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(async () => {
    for (const client of clients) await client.shutdown();
    await browser?.close();
    await env?.stop();
  });

  it('from the chat card: chats picked from the recent ones and the search, a comment, sent to each; a refusal shown per chat', async () => {
    const alice = await makeAccount(env.url, uniqueName('alice'), 'Alice 爱丽丝');
    const bob = await makeAccount(env.url, uniqueName('bob'), 'Bob 鲍勃');
    const carol = await makeAccount(env.url, uniqueName('carol'), 'Carol 卡罗尔');
    const dave = await makeAccount(env.url, uniqueName('dave'), 'Dave 大卫');
    for (const friend of [bob, carol, dave]) await befriend(alice, friend);

    const aliceLive = await connectedClient(env.url, alice);
    const bobLive = await connectedClient(env.url, bob);
    const daveLive = await connectedClient(env.url, dave);
    clients.push(aliceLive, bobLive, daveLive);

    const ready = aliceLive.waitForEvent('video.updated', (e) => e.video.state === 'ready', 60_000);
    const uploaded = await alice.client.api.uploadVideo(await makeClipBytes({ width: 160, height: 284 }), {
      caption: '海边的日落 🌅',
    });
    const video = (await ready).video;
    expect(video.id).toBe(uploaded.id);

    // The card to share from: Alice sent the video to Carol first.
    const carolChat = await alice.client.api.openDirect(carol.me.id);
    await aliceLive.sendVideo(carolChat, video.id);
    await aliceLive.whenSent();
    // Then Carol removed Alice: her chat stays in Alice's list, but a share there is refused.
    await carol.client.api.deleteFriend(alice.me.id);

    const a = await openBrowserFor(browser);
    people.push(a);
    await signInWithForm(a.page, env.url, alice.me.username);
    await a.page
      .getByRole('button', { name: /Carol 卡罗尔/ })
      .first()
      .click();
    const chat = a.page.getByRole('region', { name: 'Carol 卡罗尔' });
    await chat.getByRole('button', { name: '分享' }).click();

    const dialog = a.page.getByRole('dialog', { name: '发送给' });
    await dialog.getByText('海边的日落 🌅').waitFor();
    await dialog.getByText('选择聊天，最多 9 个').waitFor();

    // Bob from the recent chats; Dave by the search.
    const recent = dialog.getByRole('region', { name: '最近聊天' });
    await recent.getByRole('checkbox', { name: 'Bob 鲍勃' }).check();
    await dialog.getByRole('searchbox', { name: '搜索聊天或联系人' }).fill('dave');
    await dialog.getByRole('region', { name: '聊天' }).getByRole('checkbox', { name: 'Dave 大卫' }).check();
    await dialog.getByText('分别发送给 2 个聊天').waitFor();
    await dialog.getByRole('button', { name: '不发给Bob 鲍勃' }).waitFor();
    await dialog.getByRole('button', { name: '不发给Dave 大卫' }).waitFor();

    // Unticking from the chips takes the pick back; ticking again restores it.
    await dialog.getByRole('button', { name: '不发给Dave 大卫' }).click();
    await dialog.getByText('分别发送给 1 个聊天').waitFor();
    await dialog.getByRole('region', { name: '聊天' }).getByRole('checkbox', { name: 'Dave 大卫' }).check();

    await dialog.getByRole('searchbox', { name: '搜索聊天或联系人' }).fill('');
    await recent.getByRole('checkbox', { name: 'Carol 卡罗尔' }).check();

    await dialog.getByRole('textbox', { name: '留言' }).fill('你们看这个 😂');
    const toBob = nextVideoFrom(bobLive, alice.me.id);
    const toDave = nextVideoFrom(daveLive, alice.me.id);
    await dialog.getByRole('button', { name: '发送（3）' }).click();

    // Two went; Carol's stays picked with the reason, and only she would be tried again.
    await dialog.getByRole('alert').getByText('已发送 2 个，以下聊天没有发出').waitFor();
    await dialog.getByText('没有发出：你们还不是好友，发送好友申请后才能聊天').waitFor();
    await dialog.getByText('分别发送给 1 个聊天').waitFor();
    await dialog.getByRole('button', { name: '不发给Carol 卡罗尔' }).waitFor();

    for (const message of await Promise.all([toBob, toDave])) {
      expect(message.content).toMatchObject({
        kind: 'video',
        videoId: video.id,
        comment: '你们看这个 😂',
      });
    }
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(a.problems).toEqual([]);
  });

  it('refuses a tenth chat, and Esc closes without sending', async () => {
    const alice = await makeAccount(env.url, uniqueName('alice'), 'Alice 爱丽丝');
    const friends = await Promise.all(
      Array.from({ length: 10 }, (_, i) => makeAccount(env.url, uniqueName(`f${i}`), `朋友 ${i}`)),
    );
    for (const friend of friends) await befriend(alice, friend);
    const aliceLive = await connectedClient(env.url, alice);
    clients.push(aliceLive);
    const ready = aliceLive.waitForEvent('video.updated', (e) => e.video.state === 'ready', 60_000);
    const uploaded = await alice.client.api.uploadVideo(await makeClipBytes({ width: 160, height: 284 }), {
      caption: '',
    });
    await ready;
    const chatWithFirst = await alice.client.api.openDirect(friends[0]?.me.id ?? '');
    await aliceLive.sendVideo(chatWithFirst, uploaded.id);
    await aliceLive.whenSent();

    const a = await openBrowserFor(browser);
    people.push(a);
    await signInWithForm(a.page, env.url, alice.me.username);
    await a.page
      .getByRole('button', { name: /朋友 0/ })
      .first()
      .click();
    await a.page.getByRole('region', { name: '朋友 0' }).getByRole('button', { name: '分享' }).click();
    const dialog = a.page.getByRole('dialog', { name: '发送给' });
    const recent = dialog.getByRole('region', { name: '最近聊天' });
    for (let i = 0; i < 9; i++)
      await recent.getByRole('checkbox', { name: `朋友 ${i}`, exact: true }).check();
    await dialog.getByText('分别发送给 9 个聊天').waitFor();
    await recent.getByRole('checkbox', { name: '朋友 9', exact: true }).click();
    await dialog.getByRole('alert').getByText('最多只能选 9 个聊天').waitFor();
    expect(await recent.getByRole('checkbox', { name: '朋友 9', exact: true }).isChecked()).toBe(false);

    await a.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(a.problems).toEqual([]);
  });
});
