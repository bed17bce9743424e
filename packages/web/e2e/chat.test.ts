import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  openBrowserFor,
  type Person,
  startServer,
  type TestServer,
  uniqueName,
} from './harness';
import { befriend, makeAccount, signInWithForm } from './seed';

// Two friends, each in their own browser, chat both ways. Every step waits for what a person
// would see; nothing sleeps.

describe('chat in the browser', () => {
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

  it('two friends chat: unread badges, read state, a two-line reply and markup shown as text, live', async () => {
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

    // Bob reads the line that says they are friends, then goes to his contacts.
    const bRail = b.page.getByRole('navigation', { name: '主导航' });
    await b.page.getByRole('button', { name: /Alice 爱丽丝/ }).click();
    await b.page
      .getByRole('region', { name: 'Alice 爱丽丝' })
      .getByText('你们已成为好友，现在可以开始聊天了')
      .waitFor();
    await bRail.getByRole('button', { name: '消息', exact: true }).waitFor();
    await bRail.getByRole('button', { name: '通讯录', exact: true }).click();

    // Alice opens the chat from Bob's contact card and says hello.
    await a.page.getByRole('button', { name: '通讯录', exact: true }).click();
    await a.page.getByRole('button', { name: 'Bob 鲍勃', exact: true }).click();
    await a.page.getByRole('button', { name: '发消息' }).click();
    const aChat = a.page.getByRole('region', { name: 'Bob 鲍勃' });
    await aChat.getByText('你们已成为好友，现在可以开始聊天了').waitFor();
    const aBox = aChat.getByRole('textbox', { name: '输入消息' });
    await aBox.fill('你好 👋');
    await aBox.press('Enter');
    await aChat.locator('.msg--own .msg__bubble', { hasText: '你好 👋' }).waitFor();
    expect(await aBox.inputValue()).toBe('');

    // Bob, without reloading, sees one unread message on the rail and then on the chat.
    await bRail.getByRole('button', { name: '消息，1 条未读' }).click();
    const row = b.page.getByRole('button', { name: /1 条未读/ }).filter({ hasText: 'Alice 爱丽丝' });
    await row.getByText('你好 👋').waitFor();
    await row.click();
    const bChat = b.page.getByRole('region', { name: 'Alice 爱丽丝' });
    await bChat.locator('.msg--other .msg__bubble', { hasText: '你好 👋' }).waitFor();
    await bRail.getByRole('button', { name: '消息', exact: true }).waitFor();

    // Alice sees that Bob read it.
    await aChat.getByText('已读', { exact: true }).waitFor();

    // Bob answers on two lines; Alice sees both lines in one bubble.
    const bBox = bChat.getByRole('textbox', { name: '输入消息' });
    await bBox.click();
    await b.page.keyboard.type('第一行');
    await b.page.keyboard.press('Shift+Enter');
    await b.page.keyboard.type('第二行');
    await b.page.keyboard.press('Enter');
    const reply = aChat.locator('.msg--other .msg__bubble', { hasText: '第二行' });
    await reply.waitFor();
    expect(await reply.textContent()).toBe('第一行\n第二行');

    // Markup stays text and only http(s) URLs become links, opened without an opener.
    let dialogs = 0;
    b.page.on('dialog', (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    const markup = '<img src=x onerror="alert(1)"> javascript:alert(2) https://example.com/a?b=1';
    await aBox.fill(markup);
    await aChat.getByRole('button', { name: '发送', exact: true }).click();
    const bubble = bChat.locator('.msg--other .msg__bubble', { hasText: 'javascript:alert(2)' });
    await bubble.waitFor();
    expect(await bubble.textContent()).toBe(markup);
    expect(await bubble.locator('img').count()).toBe(0);
    const links = bubble.getByRole('link');
    expect(await links.count()).toBe(1);
    expect(await links.getAttribute('href')).toBe('https://example.com/a?b=1');
    expect(await links.getAttribute('target')).toBe('_blank');
    expect(await links.getAttribute('rel')).toBe('noopener noreferrer');
    expect(dialogs).toBe(0);
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  });
});
