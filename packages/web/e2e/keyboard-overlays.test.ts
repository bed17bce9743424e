import type { LiaoClient } from '@liao/client';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openBrowserFor, startServer, type TestServer, uniqueName } from './harness';
import { befriend, connectedClient, makeAccount, signInWithForm } from './seed';

// Menus, dialogs and the quick switcher as a keyboard and a screen reader meet them (Radix and
// cmdk give the behaviour; these prove it is wired up): menus open on their first item from
// the keyboard, arrows move, Esc closes and focus goes back where it was; a dialog keeps focus
// inside, hides the page from screen readers, closes on Esc and gives focus back; Ctrl+K
// filters as you type and Enter opens the chat picked.

/** Whether the element has the keyboard focus (polled: Radix hands focus back a moment later). */
function focused(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el === document.activeElement);
}

describe('menus, dialogs and the quick switcher from the keyboard', () => {
  let env: TestServer;
  let browser: Browser;
  const talkers: LiaoClient[] = [];
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    [env, browser] = await Promise.all([startServer(), launchBrowser()]);
    const me = await makeAccount(env.url, uniqueName('me'), '林晓');
    const [bob, carol] = await Promise.all([
      makeAccount(env.url, uniqueName('bob'), 'Bob 鲍勃'),
      makeAccount(env.url, uniqueName('carol'), 'Carol 卡罗'),
    ]);
    for (const friend of [bob, carol]) await befriend(friend, me);
    const [withBob, withCarol] = await Promise.all(
      [bob, carol].map((f) => me.client.api.openDirect(f.me.id)),
    );
    // Bob writes, then Carol: Carol's chat is the newest, Bob's second.
    for (const [friend, chat, text] of [
      [bob, withBob, '明天几点见？'],
      [carol, withCarol, '照片收到了'],
    ] as const) {
      const client = await connectedClient(env.url, friend);
      await client.whenSynced();
      talkers.push(client);
      await client.sendText(chat as string, text);
      await client.whenSent();
    }
    const person = await openBrowserFor(browser);
    ({ page, problems } = person);
    await signInWithForm(page, env.url, me.me.username);
    await page.locator('.conv-row[data-name="Bob 鲍勃"]').waitFor();
  });

  afterAll(async () => {
    await Promise.all(talkers.map((t) => t.shutdown()));
    await browser?.close();
    await env?.stop();
  });

  it('a message menu: Shift+F10 opens it on its item, Esc closes it and focus returns; Reply moves to the composer', async () => {
    await page.locator('.conv-row[data-name="Bob 鲍勃"]').click();
    const chat = page.getByRole('region', { name: 'Bob 鲍勃' });
    const message = chat.locator('.msg--other', { hasText: '明天几点见？' });
    const replyButton = message.getByRole('button', { name: '回复' });
    await replyButton.focus();

    await page.keyboard.press('Shift+F10');
    const menu = page.getByRole('menu', { name: '消息操作' });
    const reply = menu.getByRole('menuitem', { name: '回复' });
    await expect.poll(() => focused(reply)).toBe(true);
    // One item for now: the arrows stay on it rather than leaving the menu.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    expect(await focused(reply)).toBe(true);
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    await expect.poll(() => focused(replyButton)).toBe(true);

    // Right-clicked, the menu takes focus itself; ↓ reaches the item, Enter picks it, and the
    // composer (not the spot the menu gave focus back to) ends up with the caret.
    await message.locator('.msg__bubble').click({ button: 'right' });
    await expect.poll(() => menu.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focused(reply)).toBe(true);
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'detached' });
    await chat.locator('.reply-bar').getByText('明天几点见？').waitFor();
    await expect.poll(() => focused(chat.getByRole('textbox', { name: '输入消息' }))).toBe(true);
    await page.keyboard.press('Escape');
    await chat.locator('.reply-bar').waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
  });

  it('a chat row menu: arrows, Home and End move, Esc closes it and focus returns to the row', async () => {
    const row = page.locator('.conv-row[data-name="Carol 卡罗"]');
    await row.focus();
    await page.keyboard.press('Shift+F10');
    const menu = page.getByRole('menu', { name: '聊天操作' });
    const item = (name: string) => menu.getByRole('menuitem', { name });
    await expect.poll(() => focused(item('置顶'))).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focused(item('消息免打扰'))).toBe(true);
    await page.keyboard.press('End');
    await expect.poll(() => focused(item('删除聊天'))).toBe(true);
    await page.keyboard.press('Home');
    await expect.poll(() => focused(item('置顶'))).toBe(true);
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    await expect.poll(() => focused(row)).toBe(true);
    expect(await row.locator('.conv-row--pinned').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('a dialog keeps focus inside, hides the page from screen readers, and Esc gives focus back', async () => {
    const row = page.locator('.conv-row[data-name="Carol 卡罗"]');
    await row.focus();
    await page.keyboard.press('Shift+F10');
    // Each key waits for the focus it should move: a key pressed before the menu took focus
    // lands on the row behind it.
    await expect.poll(() => focused(page.getByRole('menuitem', { name: '置顶' }))).toBe(true);
    await page.keyboard.press('End');
    await expect.poll(() => focused(page.getByRole('menuitem', { name: '删除聊天' }))).toBe(true);
    await page.keyboard.press('Enter');

    const dialog = page.getByRole('dialog', { name: '删除聊天' });
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-describedby')).not.toBeNull();
    const cancel = dialog.getByRole('button', { name: '取消' });
    const confirm = dialog.getByRole('button', { name: '删除' });
    // A destructive question starts on Cancel; Tab and Shift+Tab go round its two buttons.
    await expect.poll(() => focused(cancel)).toBe(true);
    await page.keyboard.press('Tab');
    await expect.poll(() => focused(confirm)).toBe(true);
    await page.keyboard.press('Tab');
    await expect.poll(() => focused(cancel)).toBe(true);
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => focused(confirm)).toBe(true);
    // The chat list behind it is out of the accessibility tree while it is open.
    expect(await page.getByRole('list', { name: '消息' }).count()).toBe(0);

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => focused(row)).toBe(true);
    await page.getByRole('list', { name: '消息' }).waitFor();
    expect(await row.count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('the "+" menu opens from the keyboard, and the dialog one of its items opens gives focus back to "+"', async () => {
    const plus = page.getByRole('button', { name: '更多操作' });
    await plus.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: '更多操作' });
    await expect.poll(() => focused(menu.getByRole('menuitem', { name: '发起群聊' }))).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focused(menu.getByRole('menuitem', { name: '添加朋友' }))).toBe(true);
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    await expect.poll(() => focused(plus)).toBe(true);

    await page.keyboard.press('Enter');
    await expect.poll(() => focused(menu.getByRole('menuitem', { name: '发起群聊' }))).toBe(true);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: '发起群聊' });
    await dialog.waitFor();
    await expect.poll(() => dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => focused(plus)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('Ctrl+K: the newest chats first, arrows move, typing filters, Enter opens the chat picked', async () => {
    const composer = page
      .getByRole('region', { name: 'Bob 鲍勃' })
      .getByRole('textbox', { name: '输入消息' });
    await composer.focus();
    await page.keyboard.press('Control+k');
    const switcher = page.getByRole('dialog', { name: '跳转到聊天' });
    const input = switcher.getByRole('combobox');
    await expect.poll(() => focused(input)).toBe(true);
    const selected = switcher.locator('[role="option"][aria-selected="true"]');
    await selected.getByText('Carol 卡罗').waitFor();
    await page.keyboard.press('ArrowDown');
    await selected.getByText('Bob 鲍勃').waitFor();
    // Esc closes it, and the caret is back in the composer.
    await page.keyboard.press('Escape');
    await switcher.waitFor({ state: 'detached' });
    await expect.poll(() => focused(composer)).toBe(true);

    await page.keyboard.press('Control+k');
    await expect.poll(() => focused(input)).toBe(true);
    await page.keyboard.type('卡罗');
    await expect
      .poll(() => switcher.getByRole('option').evaluateAll((els) => els.map((el) => el.textContent ?? '')))
      .toEqual([expect.stringContaining('Carol 卡罗')]);
    await selected.getByText('Carol 卡罗').waitFor();
    await page.keyboard.press('Enter');
    await switcher.waitFor({ state: 'detached' });
    await page.getByRole('region', { name: 'Carol 卡罗' }).getByText('照片收到了').waitFor();

    // Nothing found: it says so, and Enter does nothing.
    await page.keyboard.press('Control+k');
    await expect.poll(() => focused(input)).toBe(true);
    await page.keyboard.type('没有这个人');
    await switcher.getByText('没有找到').waitFor();
    expect(await switcher.getByRole('option').count()).toBe(0);
    // A click beside it closes it.
    await page.mouse.click(5, 5);
    await switcher.waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
  });
});
