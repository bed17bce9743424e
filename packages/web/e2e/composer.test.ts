import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  openBrowserFor,
  type Person,
  startServer,
  type TestServer,
  UI_TIMEOUT_MS,
  uniqueName,
} from './harness';
import { befriend, makeAccount, makeAvatarPng, signInWithForm } from './seed';

// The composer as a person uses it: emoji from the picker, the send-key setting, a draft that
// follows the user to their other browser, and images pasted or dropped. Each step waits for
// what a person would see; nothing sleeps.

function chatOf(page: Page, name: string) {
  const chat = page.getByRole('region', { name });
  return { chat, box: chat.getByRole('textbox', { name: '输入消息' }) };
}

/** Opens a chat from the conversation list, as a click on its row does. */
async function openChat(page: Page, name: string) {
  await page
    .getByRole('button', { name: new RegExp(name) })
    .first()
    .click();
  const opened = chatOf(page, name);
  await opened.box.waitFor();
  return opened;
}

function poll<T>(read: () => Promise<T>) {
  return expect.poll(read, { timeout: UI_TIMEOUT_MS });
}

describe('the composer', () => {
  let env: TestServer;
  let browser: Browser;
  const people: Person[] = [];

  beforeAll(async () => {
    [env, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  async function twoFriends() {
    const alice = await makeAccount(env.url, uniqueName('alice'), 'Alice 爱丽丝');
    const bob = await makeAccount(env.url, uniqueName('bob'), 'Bob 鲍勃');
    await befriend(alice, bob);
    const a = await openBrowserFor(browser);
    const b = await openBrowserFor(browser);
    people.push(a, b);
    await Promise.all([
      signInWithForm(a.page, env.url, alice.me.username),
      signInWithForm(b.page, env.url, bob.me.username),
    ]);
    return { alice, bob, a, b };
  }

  it('an emoji found by search goes in at the caret and is sent; Ctrl+Enter mode sends only with Ctrl', async () => {
    const { a, b } = await twoFriends();
    const { chat, box } = await openChat(a.page, 'Bob 鲍勃');
    const bChat = (await openChat(b.page, 'Alice 爱丽丝')).chat;

    await box.fill('哈哈');
    await chat.getByRole('button', { name: '表情' }).click();
    const picker = a.page.getByRole('dialog', { name: '表情' });
    await picker.getByRole('searchbox', { name: '搜索表情' }).fill('笑哭');
    await picker.getByRole('button', { name: '笑哭了' }).click();
    expect(await box.inputValue()).toBe('哈哈😂');
    // The focus stayed in the text box, after the emoji.
    await a.page.keyboard.type('!');
    expect(await box.inputValue()).toBe('哈哈😂!');
    // The picker stays open for more; Esc closes it.
    await picker.getByRole('searchbox', { name: '搜索表情' }).press('Escape');
    await picker.waitFor({ state: 'detached' });
    await box.press('Enter');
    await bChat.locator('.msg--other .msg__bubble', { hasText: '哈哈😂!' }).waitFor();

    // The emoji is first among the recent ones next time.
    await chat.getByRole('button', { name: '表情' }).click();
    const recent = picker.getByRole('region', { name: '最近使用' });
    expect(await recent.getByRole('button').first().textContent()).toBe('😂');
    await a.page.mouse.click(5, 5);
    await picker.waitFor({ state: 'detached' });

    // By keyboard: type to search, ↓ into the results, Enter picks and closes the picker.
    await box.fill('');
    await chat.getByRole('button', { name: '表情' }).click();
    await a.page.keyboard.type('pizza');
    await a.page.keyboard.press('ArrowDown');
    await a.page.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached' });
    expect(await box.inputValue()).toBe('🍕');
    await box.fill('');

    // Settings → General: Ctrl+Enter sends, Enter starts a new line.
    await a.page.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: '设置' }).click();
    await a.page.getByRole('button', { name: /通用/ }).click();
    await a.page.getByRole('radio', { name: 'Ctrl+Enter 发送' }).click();
    await a.page.getByText('Ctrl+Enter 发送，Enter 换行').waitFor();
    await a.page.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: /消息/ }).click();
    const again = await openChat(a.page, 'Bob 鲍勃');
    await again.chat.getByText('Ctrl+Enter 发送，Enter 换行').waitFor();
    await again.box.click();
    await a.page.keyboard.type('第一行');
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.type('第二行');
    expect(await again.box.inputValue()).toBe('第一行\n第二行');
    await a.page.keyboard.press('Control+Enter');
    const bubble = bChat.locator('.msg--other .msg__bubble', { hasText: '第二行' });
    await bubble.waitFor();
    expect(await bubble.textContent()).toBe('第一行\n第二行');
    expect(await again.box.inputValue()).toBe('');
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  });

  it('[issue 14.8] text of combining marks alone, or stacked too high, is refused with the reason and stays in the box', async () => {
    const { a, b } = await twoFriends();
    const { chat, box } = await openChat(a.page, 'Bob 鲍勃');
    const bChat = (await openChat(b.page, 'Alice 爱丽丝')).chat;
    const own = chat.locator('.msg--own');
    const ownBefore = await own.count();

    const zalgo = `Z${'\u0336\u0489'.repeat(20)}`;
    await box.fill(zalgo);
    await box.press('Enter');
    await a.page.locator('.toast', { hasText: '一个字上叠加的附加符号太多' }).waitFor();
    expect(await box.inputValue()).toBe(zalgo);

    await box.fill('\u0301');
    await box.press('Enter');
    await a.page.locator('.toast', { hasText: '只有附加符号，没有可附着的文字' }).waitFor();
    expect(await box.inputValue()).toBe('\u0301');
    // Nothing went out: no bubble of its own, no failed one.
    expect(await own.count()).toBe(ownBefore);

    // Put right, it goes.
    await box.fill('Z\u0336 ok');
    await box.press('Enter');
    await bChat.locator('.msg--other .msg__bubble', { hasText: 'Z\u0336 ok' }).waitFor();
    expect(await box.inputValue()).toBe('');
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  });

  it('a draft typed in one browser is there in the same chat in the other, and sending clears it', async () => {
    const alice = await makeAccount(env.url, uniqueName('alice'), 'Alice 爱丽丝');
    const bob = await makeAccount(env.url, uniqueName('bob'), 'Bob 鲍勃');
    const carol = await makeAccount(env.url, uniqueName('carol'), 'Carol 卡罗尔');
    await Promise.all([befriend(alice, bob), befriend(alice, carol)]);
    const desk = await openBrowserFor(browser);
    const laptop = await openBrowserFor(browser);
    people.push(desk, laptop);
    await Promise.all([
      signInWithForm(desk.page, env.url, alice.me.username),
      signInWithForm(laptop.page, env.url, alice.me.username),
    ]);

    // The laptop looks at Bob's chat, then moves on to Carol's.
    await openChat(laptop.page, 'Bob 鲍勃');
    await openChat(laptop.page, 'Carol 卡罗尔');

    // At the desk, Alice starts a message to Bob and leaves it.
    const atDesk = await openChat(desk.page, 'Bob 鲍勃');
    await atDesk.box.fill('周末一起去看电影吗？');
    await openChat(desk.page, 'Carol 卡罗尔');

    // Back on the laptop, Bob's chat holds the draft.
    const onLaptop = await openChat(laptop.page, 'Bob 鲍勃');
    await poll(() => onLaptop.box.inputValue()).toBe('周末一起去看电影吗？');

    // Sent from the laptop: the draft is gone at the desk too.
    await onLaptop.box.press('Enter');
    await onLaptop.chat.locator('.msg--own .msg__bubble', { hasText: '周末一起去看电影吗？' }).waitFor();
    const deskAgain = await openChat(desk.page, 'Bob 鲍勃');
    await deskAgain.chat.locator('.msg--own .msg__bubble', { hasText: '周末一起去看电影吗？' }).waitFor();
    await poll(() => deskAgain.box.inputValue()).toBe('');
    expect(desk.problems).toEqual([]);
    expect(laptop.problems).toEqual([]);
  });

  it('an image pasted and one dropped on the chat arrive at the friend as pictures', async () => {
    const { a, b } = await twoFriends();
    const { chat } = await openChat(a.page, 'Bob 鲍勃');
    const bChat = (await openChat(b.page, 'Alice 爱丽丝')).chat;
    const png = makeAvatarPng([250, 120, 140], [90, 140, 250], [255, 230, 120], 120).toString('base64');

    // Ctrl+V of a picture: the browser hands the page a paste event holding the file.
    await chat.getByRole('textbox', { name: '输入消息' }).evaluate((box, data) => {
      const file = new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], 'pasted.png', {
        type: 'image/png',
      });
      const clipboardData = new DataTransfer();
      clipboardData.items.add(file);
      (box as HTMLTextAreaElement).focus();
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
    }, png);
    const received = bChat.locator('.msg--other img');
    await received.first().waitFor();

    // A file dragged over the chat: the overlay shows, and the drop sends it.
    const dataTransfer = await a.page.evaluateHandle((data) => {
      const file = new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], 'dropped.png', {
        type: 'image/png',
      });
      const transfer = new DataTransfer();
      transfer.items.add(file);
      return transfer;
    }, png);
    await chat.dispatchEvent('dragenter', { dataTransfer });
    const overlay = a.page.locator('.drop-zone', { hasText: '松开鼠标，发送图片' });
    await overlay.waitFor();
    await overlay.dispatchEvent('dragover', { dataTransfer });
    await overlay.dispatchEvent('drop', { dataTransfer });
    await overlay.waitFor({ state: 'detached' });

    await a.page.screenshot({ path: '/tmp/shots-composer/dbg-img-a.png' });
    await b.page.screenshot({ path: '/tmp/shots-composer/dbg-img-b.png' });
    await poll(() => received.count()).toBe(2);
    for (const img of await received.all()) {
      await poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    }
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  });
});
