import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openBrowserFor, PHONE, startServer, type TestServer } from './harness';

// An operator who closed sign-up (LIAO_REGISTRATION=closed) makes the accounts; the pages say
// so before anyone fills a form that could only be refused (issue 15, item 19).
describe('sign-up on a server whose operator closed it', () => {
  let env: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [env, browser] = await Promise.all([
      startServer((config) => {
        config.registration = 'closed';
      }),
      launchBrowser(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  it('[item 19] /signup and /m/signup say sign-up is closed and show no form; sign-in offers no sign-up link', async () => {
    const desktop = await openBrowserFor(browser);
    await desktop.page.goto(`${env.url}/signup`);
    await desktop.page.getByText('这个服务器不开放注册').waitFor();
    await desktop.page.getByText('账号由服务器的管理员创建').waitFor();
    expect(await desktop.page.getByRole('button', { name: '注册', exact: true }).count()).toBe(0);

    await desktop.page.getByRole('link', { name: '去登录' }).click();
    await desktop.page.getByRole('heading', { name: '登录聊' }).waitFor();
    await desktop.page.getByText('没有账号？请向管理员索取').waitFor();
    expect(await desktop.page.getByRole('link', { name: '注册新账号' }).count()).toBe(0);

    const phone = await openBrowserFor(browser, { ...PHONE, locale: 'en-US' });
    await phone.page.goto(`${env.url}/m/signup`);
    await phone.page.getByText('This server is not open for sign-ups').waitFor();
    expect(await phone.page.getByRole('button', { name: 'Sign up', exact: true }).count()).toBe(0);

    expect(desktop.problems).toEqual([]);
    expect(phone.problems).toEqual([]);
    await desktop.context.close();
    await phone.context.close();
  });
});
