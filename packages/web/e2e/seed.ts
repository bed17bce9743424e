import zlib from 'node:zlib';
import { LiaoClient, MemoryStore } from '@liao/client';
import { nodeSocketFactory } from '@liao/client/node';
import { type DeviceInfo, type Me, SESSION_COOKIE } from '@liao/protocol';
import type { Browser, Page } from 'playwright-core';
import { openBrowserFor, type Person, uniqueName } from './harness';

/** Every account the tests make has this password. */
export const PASSWORD = 'screenshots 123';

/** An account made through the SDK (bearer token), for setting the scene of a screenshot. */
export interface Account {
  client: LiaoClient;
  me: Me;
  token: string;
}

export async function makeAccount(
  url: string,
  username: string,
  displayName: string,
  fields: { signature?: string; avatar?: Buffer; device?: DeviceInfo } = {},
): Promise<Account> {
  const client = new LiaoClient({ baseUrl: url });
  const result = await client.api.register({
    username,
    displayName,
    password: PASSWORD,
    transport: 'bearer',
    device: fields.device ?? { name: 'Chrome · macOS', platform: 'web' },
  });
  if (!result.token) throw new Error('register did not return a token');
  client.setToken(result.token);
  let me = result.user;
  if (fields.signature) me = await client.api.updateProfile({ signature: fields.signature });
  if (fields.avatar) me = await client.api.setAvatar(new Uint8Array(fields.avatar), 'image/png');
  return { client, me, token: result.token };
}

/** Another device of the same account (for the devices list). */
export async function signInElsewhere(url: string, username: string, device: DeviceInfo): Promise<void> {
  const client = new LiaoClient({ baseUrl: url });
  await client.api.signIn({ username, password: PASSWORD, device, transport: 'bearer' });
}

/**
 * Signs in through the page's form, as a person would, and waits for the app behind it;
 * `keepHistory` ticks "keep chat history on this computer" first (it is off unless ticked).
 */
export async function signInWithForm(
  page: Page,
  url: string,
  username: string,
  options: { keepHistory?: boolean } = {},
): Promise<void> {
  await page.goto(url);
  await page.getByRole('heading', { name: '登录聊' }).waitFor();
  // The desktop opens on the QR code with the password one click away; the phone, on the form.
  const usePassword = page.getByRole('button', { name: '用密码登录' });
  if (await usePassword.isVisible()) await usePassword.click();
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  if (options.keepHistory) await page.getByRole('checkbox', { name: /^保留聊天记录在这台/ }).check();
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
}

/** The account on another device: an SDK client with a local store and a live connection, as a bot runs. */
export async function connectedClient(url: string, account: Account): Promise<LiaoClient> {
  const client = new LiaoClient({
    baseUrl: url,
    token: account.token,
    store: new MemoryStore(),
    createSocket: nodeSocketFactory(() => account.token),
  });
  await client.connect();
  return client;
}

/** `from` asks and `to` accepts: friends on both sides. */
export async function befriend(from: Account, to: Account, greeting = ''): Promise<void> {
  const { request } = await from.client.api.sendFriendRequest(to.me.id, greeting);
  await to.client.api.acceptFriendRequest(request.id);
}

/** Two friends, each in a browser of their own (signed in by cookie) with their chat open. */
export interface ChatPair {
  alice: Account;
  bob: Account;
  chatId: string;
  /** Alice's browser, showing the chat with Bob. */
  a: Person;
  /** Bob's browser, showing the chat with Alice. */
  b: Person;
}

/** Alice and Bob become friends and each opens their one-to-one chat in a browser. */
export async function openChatPair(browser: Browser, url: string): Promise<ChatPair> {
  const alice = await makeAccount(url, uniqueName('alice'), 'Alice 爱丽丝');
  const bob = await makeAccount(url, uniqueName('bob'), 'Bob 鲍勃');
  await befriend(alice, bob);
  const chatId = await alice.client.api.openDirect(bob.me.id);
  const [a, b] = await Promise.all([openBrowserFor(browser), openBrowserFor(browser)]);
  await Promise.all([
    a.context.addCookies([{ name: SESSION_COOKIE, value: alice.token, url }]),
    b.context.addCookies([{ name: SESSION_COOKIE, value: bob.token, url }]),
  ]);
  await Promise.all([a.page.goto(`${url}/chat/${chatId}`), b.page.goto(`${url}/chat/${chatId}`)]);
  await Promise.all([
    a.page.getByRole('region', { name: 'Bob 鲍勃' }).getByRole('textbox', { name: '输入消息' }).waitFor(),
    b.page.getByRole('region', { name: 'Alice 爱丽丝' }).getByRole('textbox', { name: '输入消息' }).waitFor(),
  ]);
  return { alice, bob, chatId, a, b };
}

type Rgb = [number, number, number];

/**
 * A small PNG avatar: a diagonal gradient with a soft disc, distinct per palette. Written by
 * hand (zlib only) so the tests need no image library.
 */
export function makeAvatarPng(from: Rgb, to: Rgb, disc: Rgb, size = 160): Buffer {
  const row = size * 3 + 1;
  const raw = Buffer.alloc(row * size);
  const cx = size * 0.62;
  const cy = size * 0.4;
  const radius = size * 0.24;
  for (let y = 0; y < size; y++) {
    raw[y * row] = 0;
    for (let x = 0; x < size; x++) {
      const t = (x + y) / (2 * size);
      let pixel = from.map((c, i) => c + ((to[i] ?? c) - c) * t) as Rgb;
      const d = Math.hypot(x - cx, y - cy);
      const alpha = Math.max(0, Math.min(1, radius + 1.5 - d));
      pixel = pixel.map((c, i) => c + ((disc[i] ?? c) - c) * alpha * 0.9) as Rgb;
      // A gentle hill along the bottom.
      if (y > size * 0.72 + Math.sin((x / size) * Math.PI * 2) * size * 0.05) {
        pixel = pixel.map((c) => c * 0.78) as Rgb;
      }
      raw.set(pixel.map(Math.round), y * row + 1 + x * 3);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
