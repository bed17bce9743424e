import { SESSION_COOKIE } from '@liao/protocol';
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
import { befriend, makeAccount } from './seed';

// [#3] A draft typed just before a reload: the newest keystroke wins over the older draft the
// server saved, here and on the user's other browser. Nothing sleeps: the test waits for the
// saves the app makes and for what the composer shows.

function composer(page: Page) {
  return page.getByRole('region', { name: 'Bob 鲍勃' }).getByRole('textbox', { name: '输入消息' });
}

describe('a draft across a reload', () => {
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

  it('[#3] words typed just before a reload come back instead of the older saved draft, and reach the other browser', async () => {
    const alice = await makeAccount(env.url, uniqueName('alice'), 'Alice 爱丽丝');
    const bob = await makeAccount(env.url, uniqueName('bob'), 'Bob 鲍勃');
    await befriend(alice, bob);
    const chatId = await alice.client.api.openDirect(bob.me.id);
    const [desk, laptop] = [await openBrowserFor(browser), await openBrowserFor(browser)];
    people.push(desk, laptop);
    for (const person of [desk, laptop]) {
      await person.context.addCookies([{ name: SESSION_COOKIE, value: alice.token, url: env.url }]);
    }
    const chatUrl = `${env.url}/chat/${chatId}`;
    const draftSaved = (page: Page, draft: string) =>
      page.waitForResponse(
        (r) =>
          r.request().method() === 'PATCH' &&
          r.url().endsWith(`/api/conversations/${chatId}`) &&
          r.request().postDataJSON()?.draft === draft &&
          r.ok(),
        { timeout: UI_TIMEOUT_MS },
      );

    // The first words are saved to the server after the pause in typing.
    await desk.page.goto(chatUrl);
    const box = composer(desk.page);
    const firstSave = draftSaved(desk.page, '周末一起');
    await box.fill('周末一起');
    await firstSave;

    // More words, then a reload before their save gets out (the page closes while it is on
    // its way: the request never arrives).
    const isDraftSave = (url: URL) => url.pathname === `/api/conversations/${chatId}`;
    await desk.page.route(isDraftSave, (route) =>
      route.request().method() === 'PATCH' ? route.abort() : route.continue(),
    );
    await box.fill('周末一起去看电影吗？');
    await desk.page.reload();
    await desk.page.unroute(isDraftSave);

    // The newest words are back, not the older saved ones, and they are saved now.
    const secondSave = draftSaved(desk.page, '周末一起去看电影吗？');
    await expect
      .poll(() => composer(desk.page).inputValue(), { timeout: UI_TIMEOUT_MS })
      .toBe('周末一起去看电影吗？');
    await secondSave;

    // The other browser opens the chat with them too.
    await laptop.page.goto(chatUrl);
    await expect
      .poll(() => composer(laptop.page).inputValue(), { timeout: UI_TIMEOUT_MS })
      .toBe('周末一起去看电影吗？');
    expect(laptop.problems).toEqual([]);
  });
});
