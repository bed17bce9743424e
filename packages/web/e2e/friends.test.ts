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
import { makeAvatarPng } from './seed';

// Two people, each in their own browser, do what the Friends screens are for. Every step
// waits for what a person would see; nothing sleeps.

const PASSWORD = 'correct horse 8';

async function signUp(person: Person, url: string, username: string, displayName: string) {
  const { page } = person;
  await page.goto(url);
  // Signed out: the app sends us to the sign-in page, which links to sign-up.
  await page.getByRole('heading', { name: '登录聊' }).waitFor();
  await page.getByRole('link', { name: '注册新账号' }).click();
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('昵称').fill(displayName);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
  await page.getByText('还没有聊天').waitFor();
}

describe('friends in the browser', () => {
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

  const alice = { username: uniqueName('alice'), name: 'Alice 爱丽丝' };
  const bob = { username: uniqueName('bob'), name: 'Bob 鲍勃' };

  it('two people sign up, find each other, and become friends live', async () => {
    const a = await openBrowserFor(browser);
    const b = await openBrowserFor(browser);
    people.push(a, b);
    await Promise.all([
      signUp(a, env.url, alice.username, alice.name),
      signUp(b, env.url, bob.username, bob.name),
    ]);

    // Alice looks Bob up by his username and greets him.
    await a.page.getByRole('button', { name: '通讯录', exact: true }).click();
    await a.page.getByText('还没有朋友').waitFor();
    await a.page.getByRole('button', { name: '添加朋友' }).first().click();
    await a.page.getByPlaceholder('输入对方的完整用户名').fill(bob.username.toUpperCase());
    await a.page.getByRole('button', { name: '搜索', exact: true }).click();
    const card = a.page.getByRole('article', { name: bob.name });
    await card.getByText(`@${bob.username}`).waitFor();
    const greeting = card.getByLabel('打招呼');
    expect(await greeting.inputValue()).toBe(`我是${alice.name}`);
    await greeting.fill('你好，我是爱丽丝 👋');
    await card.getByRole('button', { name: '发送好友请求' }).click();
    await card.getByText('已发送好友请求，等待对方验证').waitFor();

    // Bob, without reloading, sees the badge on Friends and the request with its greeting.
    const rail = b.page.getByRole('navigation', { name: '主导航' });
    await rail.getByRole('button', { name: '通讯录，1 个新的好友请求' }).click();
    await b.page.getByRole('button', { name: /新的朋友/ }).click();
    const request = b.page.getByRole('listitem').filter({ hasText: '你好，我是爱丽丝 👋' });
    await request.getByText(alice.name).waitFor();
    await request.getByRole('button', { name: '接受' }).click();
    await request.getByText('已添加').waitFor();
    await rail.getByRole('button', { name: '通讯录', exact: true }).waitFor();

    // Both contact lists now hold the other, with no reload on either side.
    await b.page.getByRole('button', { name: alice.name, exact: true }).waitFor();
    await a.page.getByRole('button', { name: bob.name, exact: true }).waitFor();
    await card.getByText('你们已经是好友').waitFor();

    // Alice gives Bob a remark; it replaces his name in her list and on his card.
    await a.page.getByRole('button', { name: bob.name, exact: true }).click();
    await a.page.getByRole('heading', { name: bob.name }).waitFor();
    await a.page.getByRole('button', { name: '编辑备注' }).click();
    await a.page.getByLabel('备注', { exact: true }).fill('老鲍');
    await a.page.getByLabel('备注', { exact: true }).press('Enter');
    await a.page.getByRole('heading', { name: '老鲍' }).waitFor();
    await a.page.getByText(`昵称：${bob.name}`).waitFor();
    await a.page.getByRole('button', { name: '老鲍', exact: true }).waitFor();

    for (const person of people) expect(person.problems).toEqual([]);
  });

  it('signs in on a second device, refusing a wrong password first', async () => {
    const phone = await openBrowserFor(browser, { locale: 'en-US' });
    people.push(phone);
    const { page } = phone;
    await page.goto(`${env.url}/friends`);
    await page.getByRole('heading', { name: 'Sign in to Liao' }).waitFor();
    await page.getByRole('button', { name: 'Sign in with password' }).click();
    await page.getByLabel('Username').fill(alice.username);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong username or password' }).waitFor();

    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await page.getByRole('button', { name: 'Friends', exact: true }).click();
    await page.getByRole('button', { name: '老鲍', exact: true }).waitFor();

    // Settings lists both of Alice's devices, this one marked.
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('button', { name: 'Devices' }).click();
    await page.getByText('This device').waitFor();
    await page.getByRole('button', { name: 'Sign out all other devices' }).waitFor();
    expect(phone.problems).toEqual([]);
  });

  it('refuses a username that is taken, at the username field', async () => {
    const someone = await openBrowserFor(browser);
    people.push(someone);
    const { page } = someone;
    await page.goto(`${env.url}/signup`);
    await page.getByLabel('用户名').fill(alice.username.toUpperCase());
    await page.getByLabel('昵称').fill('冒名者');
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: '该用户名已被注册' }).waitFor();
    expect(await page.getByLabel('用户名').getAttribute('aria-invalid')).toBe('true');
    await someone.context.close();
  });

  it('changes photo and name in Settings; the friend sees the new name live', async () => {
    const [, bobBrowser, alicePhone] = people;
    const { page } = alicePhone!;
    await page.getByRole('button', { name: 'Profile', exact: true }).click();
    await page.locator('input[type=file]').setInputFiles({
      name: 'me.png',
      mimeType: 'image/png',
      buffer: makeAvatarPng([255, 154, 120], [214, 76, 120], [255, 236, 190]),
    });
    await page.getByText('Photo updated').waitFor();
    await page.getByRole('button', { name: 'My profile' }).locator('img').waitFor();

    await page.getByLabel('Display name').fill('Alice Liddell');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved', { exact: true }).waitFor();
    await bobBrowser!.page.getByRole('button', { name: 'Alice Liddell', exact: true }).waitFor();
    expect(alicePhone!.problems).toEqual([]);
    expect(bobBrowser!.problems).toEqual([]);
  });

  it('signing out the other devices sends them to the sign-in page at once', async () => {
    const [aliceDesktop, , alicePhone] = people;
    const { page } = alicePhone!;
    await page.getByRole('button', { name: 'Devices' }).click();
    await page.getByRole('button', { name: 'Sign out all other devices' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByText('Signed out 1 device', { exact: true }).waitFor();
    await page.getByText('No other device is signed in to this account').waitFor();

    // Told what happened — another of her devices, a browser, did it (issue 15, item 5) —
    // and that its chats were wiped (item 4).
    await aliceDesktop!.page.getByRole('heading', { name: '登录聊' }).waitFor();
    await aliceDesktop!.page.getByText('你已在其他设备上退出这里的登录').waitFor();
    await aliceDesktop!.page.getByText('这台电脑上的聊天记录已清除').waitFor();
    expect(aliceDesktop!.problems).toEqual([]);
  });

  it('switches theme and language in Settings → General, and keeps them after a reload', async () => {
    const { page } = people[2]!;
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.getByRole('button', { name: 'General' }).click();
    expect(await background()).toBe('rgb(245, 245, 245)');
    await page.getByRole('radio', { name: 'Dark' }).click();
    await expect.poll(background).toBe('rgb(25, 25, 25)');
    await page.getByRole('radio', { name: '简体中文' }).click();
    await page.getByRole('heading', { name: '通用' }).waitFor();
    await page.reload();
    await page.getByRole('radio', { name: '深色' }).and(page.locator('[aria-checked=true]')).waitFor();
    expect(await background()).toBe('rgb(25, 25, 25)');
  });
});
