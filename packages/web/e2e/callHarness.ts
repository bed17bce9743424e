import { SESSION_COOKIE } from '@liao/protocol';
import type { Browser } from 'playwright-core';
import { launchBrowser, openBrowserFor, type Person, startServer, type TestServer } from './harness';
import { type Account, befriend, makeAccount, PASSWORD } from './seed';

/**
 * The one place the call suites build their server and browser. ICE runs on host candidates over
 * loopback for now; when the coturn harness lands (packages/server/test/support/coturn.ts), this
 * is where the suites turn relay-only: start coturn and set the TURN settings on `config`.
 */
export function startCallServer(): Promise<TestServer> {
  return startServer((config) => {
    // Tests start many calls from few accounts.
    config.rateLimits.callStartsPerUser = { ...config.rateLimits.callStartsPerUser, limit: 1000 };
    // The group suites register four people per test, the pictures eight cells of three.
    config.rateLimits.registrationsPerAddress = { limit: 1000, windowMs: 60_000 };
    // The SFU announces this address in its candidates: loopback, where the browsers are.
    config.calls.sfuAddress = '127.0.0.1';
  });
}

/** Chromium with a fake camera (a moving test pattern) and microphone (a beep), no permission prompt. */
export function launchCallBrowser(): Promise<Browser> {
  return launchBrowser({
    args: [
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** Another sign-in of the account: a second device, with a session of its own. */
export async function secondDevice(account: Account): Promise<string> {
  const result = await account.client.api.signIn({
    username: account.me.username,
    password: PASSWORD,
    device: { name: 'Chrome · Windows', platform: 'web' },
    transport: 'bearer',
  });
  if (!result.token) throw new Error('sign-in did not return a token');
  return result.token;
}

/** A browser signed in with `token`, showing the chat `chatId`. */
export async function openChatAs(
  browser: Browser,
  url: string,
  token: string,
  chatId: string,
): Promise<Person> {
  const person = await openBrowserFor(browser);
  await person.context.addCookies([{ name: SESSION_COOKIE, value: token, url }]);
  await person.page.goto(`${url}/chat/${chatId}`);
  await person.page.getByRole('textbox', { name: '输入消息' }).waitFor();
  return person;
}

/** Alice and Bob, friends, with their one-to-one chat. */
export async function callPair(url: string) {
  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const alice = await makeAccount(url, `alice${suffix}`, 'Alice 爱丽丝');
  const bob = await makeAccount(url, `bob${suffix}`, 'Bob 鲍勃');
  await befriend(alice, bob);
  const chatId = await alice.client.api.openDirect(bob.me.id);
  return { alice, bob, chatId };
}
