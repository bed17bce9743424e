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

// [#2] Pasted, dropped or picked images wait in a send dialog: previews, several at once, add
// more, remove one, a caption, Enter sends, Esc cancels; nothing goes before the person
// confirms. Each step waits for what a person sees; nothing sleeps.

type Rgb = [number, number, number];
const png = (from: Rgb, to: Rgb) => makeAvatarPng(from, to, [255, 240, 200], 96);

/** Ctrl+V of a picture: the browser hands the page a paste event holding the file. */
function pasteImage(page: Page, name: string, data: Buffer) {
  return page.getByRole('textbox', { name: '输入消息' }).evaluate(
    (box, [fileName, base64]) => {
      const bytes = Uint8Array.from(atob(base64 as string), (c) => c.charCodeAt(0));
      const clipboardData = new DataTransfer();
      clipboardData.items.add(new File([bytes], fileName as string, { type: 'image/png' }));
      (box as HTMLTextAreaElement).focus();
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
    },
    [name, data.toString('base64')],
  );
}

describe('the image send dialog', () => {
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

  it('[#2] shows what will be sent, takes more and drops one, sends on Enter with a caption, and Esc sends nothing', async () => {
    const alice = await makeAccount(env.url, uniqueName('alice'), 'Alice 爱丽丝');
    const bob = await makeAccount(env.url, uniqueName('bob'), 'Bob 鲍勃');
    await befriend(alice, bob);
    const [a, b] = [await openBrowserFor(browser), await openBrowserFor(browser)];
    people.push(a, b);
    await Promise.all([
      signInWithForm(a.page, env.url, alice.me.username),
      signInWithForm(b.page, env.url, bob.me.username),
    ]);
    await a.page
      .getByRole('button', { name: /Bob 鲍勃/ })
      .first()
      .click();
    await b.page
      .getByRole('button', { name: /Alice 爱丽丝/ })
      .first()
      .click();
    const bChat = b.page.getByRole('region', { name: 'Alice 爱丽丝' });
    const dialog = a.page.getByRole('dialog', { name: '发送给Bob 鲍勃' });
    const thumbs = dialog.getByRole('listitem').getByRole('img');

    // The wrong screenshot: pasted, looked at, and cancelled with Esc.
    await pasteImage(a.page, 'wrong.png', png([40, 40, 40], [90, 90, 90]));
    await dialog.getByRole('img', { name: 'wrong.png' }).waitFor();
    await a.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // The right one pasted, two more picked with the dialog's button, one of them removed.
    await pasteImage(a.page, 'first.png', png([250, 120, 140], [90, 140, 250]));
    await dialog.getByRole('img', { name: 'first.png' }).waitFor();
    const chooser = a.page.waitForEvent('filechooser', { timeout: UI_TIMEOUT_MS });
    await dialog.getByRole('button', { name: '添加图片' }).click();
    await (await chooser).setFiles([
      { name: 'second.png', mimeType: 'image/png', buffer: png([120, 200, 150], [30, 110, 90]) },
      { name: 'third.png', mimeType: 'image/png', buffer: png([150, 130, 230], [60, 50, 120]) },
    ]);
    await expect.poll(() => thumbs.count(), { timeout: UI_TIMEOUT_MS }).toBe(3);
    await dialog.getByRole('button', { name: '发送（3）' }).waitFor();
    await dialog.getByRole('button', { name: '移除second.png' }).click();
    await expect
      .poll(() => thumbs.evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt'))))
      .toEqual(['first.png', 'third.png']);
    // Nothing has gone yet.
    expect(await bChat.locator('.msg--other img').count()).toBe(0);

    // A caption, and Enter sends: the two pictures, then the caption after them.
    await dialog.getByRole('textbox', { name: '说明' }).fill('周末的照片');
    await a.page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const caption = bChat.locator('.msg--other .msg__bubble', { hasText: '周末的照片' });
    await caption.waitFor();
    const order = await bChat
      .locator('.msg--other .msg__content')
      .evaluateAll((rows) => rows.map((row) => (row.querySelector('img') ? 'image' : row.textContent)));
    expect(order).toEqual(['image', 'image', '周末的照片']);
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  });
});
