import { LiaoClient, MemoryStore } from '@liao/client';
import { nodeSocketFactory } from '@liao/client/node';
import { SESSION_COOKIE } from '@liao/protocol';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchBrowser, startServer, type TestServer, UI_TIMEOUT_MS } from './harness';
import { CASTS, type Cast } from './scenes';
import { type Account, befriend, makeAccount, makeAvatarPng, PASSWORD, signInElsewhere } from './seed';
import { DEVICES, fill, LOCALES, type Locale, STRINGS, shoot, shotOptions, THEMES } from './shots';

// Pictures of every screen in both languages, both themes, desktop and phone, for people to
// look at (not compared automatically). Opt-in, because they take a while:
//   LIAO_SCREENSHOTS=1 npx vitest run --project e2e packages/web/e2e/screenshots.test.ts
// They land in packages/web/e2e/screenshots/ (ignored by git).

interface Scene {
  cast: Cast;
  me: Account;
  openId: string;
  chatId: string;
  /** Everyone I know in the scene, by username. */
  people: Map<string, Account>;
  /** One-to-one chats with friends, by their username. */
  direct: Map<string, string>;
  groupId: string;
}

/** An SDK client with a local store, connected, as a person's phone or laptop would be. */
async function connected(url: string, account: Account): Promise<LiaoClient> {
  const client = new LiaoClient({
    baseUrl: url,
    token: account.token,
    store: new MemoryStore(),
    createSocket: nodeSocketFactory(() => account.token),
  });
  await client.connect();
  return client;
}

/** Says lines in a conversation, in order, and waits until the server has them all. */
async function say(url: string, account: Account, conversationId: string, lines: string[]): Promise<void> {
  const client = await connected(url, account);
  for (const text of lines) {
    await client.sendText(conversationId, text);
    await client.whenSent();
  }
  await client.shutdown();
}

/** Reads a conversation up to its last message. */
async function readAll(url: string, account: Account, conversationId: string): Promise<void> {
  const client = await connected(url, account);
  await client.whenSynced();
  const seq = client.getConversation(conversationId)?.lastSeq ?? 0;
  await client.request('read', { conversationId, seq });
  await client.shutdown();
}

/** A photo-like landscape (sky, sun, hills, red leaves) for the group chat, drawn with sharp. */
function makePhoto(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="960" height="640">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#7fb6e8"/><stop offset="1" stop-color="#f6d7b0"/>
    </linearGradient></defs>
    <rect width="960" height="640" fill="url(#sky)"/>
    <circle cx="700" cy="190" r="70" fill="#fff3c4"/>
    <path d="M0 400 L180 250 L330 380 L520 200 L720 390 L860 300 L960 360 L960 640 L0 640Z" fill="#6b7fa8"/>
    <path d="M0 470 Q240 380 480 460 T960 440 L960 640 L0 640Z" fill="#c2512f"/>
    <path d="M0 540 Q300 480 600 540 T960 530 L960 640 L0 640Z" fill="#8e3a22"/>
    <g fill="#e8743b">${Array.from({ length: 14 }, (_, i) => `<circle cx="${40 + i * 68}" cy="${500 + (i % 3) * 14}" r="${26 + (i % 4) * 6}"/>`).join('')}</g>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

/** Says the cast's chat lines through SDK clients with a local store, in order. */
async function playChat(url: string, me: Account, friend: Account, lines: Cast['chat']): Promise<string> {
  const chatId = await me.client.api.openDirect(friend.me.id);
  const talkers = [me, friend].map(
    (a) =>
      new LiaoClient({
        baseUrl: url,
        token: a.token,
        store: new MemoryStore(),
        createSocket: nodeSocketFactory(() => a.token),
      }),
  );
  await Promise.all(talkers.map((c) => c.connect()));
  const [mine, theirs] = talkers as [LiaoClient, LiaoClient];
  for (const line of lines) {
    const client = line.mine ? mine : theirs;
    await client.sendText(chatId, line.text);
    await client.whenSent();
  }
  // I have read everything; the friend has read up to my last line (so it says 已读 / Read).
  await mine.whenSynced();
  const lastSeq = mine.getConversation(chatId)?.lastSeq ?? 0;
  await mine.request('read', { conversationId: chatId, seq: lastSeq });
  await theirs.request('read', { conversationId: chatId, seq: lastSeq });
  await Promise.all(talkers.map((c) => c.shutdown()));
  return chatId;
}

/** Builds one language's cast on the server through the SDK. */
async function buildScene(url: string, cast: Cast): Promise<Scene> {
  const png = (colours: Cast['me']['avatar']) => makeAvatarPng(...colours);
  const me = await makeAccount(url, cast.me.username, cast.me.name, {
    signature: cast.me.signature,
    avatar: png(cast.me.avatar),
    device: { name: 'Chrome · Windows', platform: 'web' },
  });
  await signInElsewhere(url, cast.me.username, { name: 'MacBook Pro', platform: 'desktop' });
  await signInElsewhere(url, cast.me.username, { name: 'iPhone 15', platform: 'phone' });
  const people = new Map<string, Account>([[cast.me.username, me]]);
  await Promise.all(
    cast.friends.map(async (f) => {
      const friend = await makeAccount(url, f.username, f.name, {
        ...(f.signature ? { signature: f.signature } : {}),
        ...(f.avatar ? { avatar: png(f.avatar) } : {}),
      });
      await befriend(friend, me);
      if (f.remark) await me.client.api.setRemark(friend.me.id, f.remark);
      people.set(f.username, friend);
    }),
  );
  const accepted = await makeAccount(url, cast.accepted.username, cast.accepted.name);
  await befriend(accepted, me, cast.accepted.greeting);
  // Accepted in the app, whose SDK reads the chat the greeting opens (issue 15, item 7).
  await readAll(url, me, await me.client.api.openDirect(accepted.me.id));
  const declined = await makeAccount(url, cast.declined.username, cast.declined.name);
  const { request } = await declined.client.api.sendFriendRequest(me.me.id, cast.declined.greeting);
  await me.client.api.declineFriendRequest(request.id);
  await me.client.api.block(declined.me.id);
  const outgoing = await makeAccount(url, cast.outgoing.username, cast.outgoing.name);
  await me.client.api.sendFriendRequest(outgoing.me.id, cast.outgoing.greeting);
  // The pending ones last, so they are the newest at the top.
  for (const r of cast.incoming) {
    const sender = await makeAccount(url, r.username, r.name);
    await sender.client.api.sendFriendRequest(me.me.id, r.greeting);
  }
  await makeAccount(url, cast.stranger.username, cast.stranger.name, {
    signature: cast.stranger.signature,
    avatar: png(cast.stranger.avatar),
  });
  const person = (username: string) => {
    const account = username === 'me' ? me : people.get(username);
    if (!account) throw new Error(`${username} is not in the cast`);
    return account;
  };
  const direct = new Map<string, string>();
  const chatWith = async (username: string) => {
    const id = await me.client.api.openDirect(person(username).me.id);
    direct.set(username, id);
    return id;
  };

  // Oldest first, so the list shows them in the order a day would leave them.
  const gone = await chatWith(cast.gone.username);
  await say(url, person(cast.gone.username), gone, [cast.gone.line]);
  await readAll(url, me, gone);
  await person(cast.gone.username).client.api.deleteFriend(me.me.id);

  const marked = await chatWith(cast.markedUnread.username);
  await say(url, person(cast.markedUnread.username), marked, [cast.markedUnread.line]);
  await readAll(url, me, marked);

  const muted = await chatWith(cast.muted.username);
  await say(url, person(cast.muted.username), muted, cast.muted.lines);
  await me.client.api.updateConversation(muted, { muted: true });

  const drafted = await chatWith(cast.draft.username);
  await say(url, person(cast.draft.username), drafted, [cast.draft.line]);
  await readAll(url, me, drafted);
  await me.client.api.updateConversation(drafted, { draft: cast.draft.text });

  const waiting = await chatWith(cast.unread.username);
  await say(url, person(cast.unread.username), waiting, cast.unread.read);
  await readAll(url, me, waiting);

  const group = await me.client.api.createGroup({
    memberIds: cast.group.members.map((u) => person(u).me.id),
    name: cast.group.name,
  });
  const photo = await makePhoto();
  for (const [i, line] of cast.group.lines.entries()) {
    await say(url, person(line.from), group.id, [line.text]);
    if (i === cast.group.photoAfter) {
      const client = await connected(url, person(line.from));
      const uploaded = await client.api.uploadImage(group.id, new Uint8Array(photo), 'image/jpeg');
      await client.sendImage(group.id, uploaded);
      await client.whenSent();
      await client.shutdown();
    }
  }
  await readAll(url, me, group.id);

  const openFriend = person(cast.open);
  const chatId = await playChat(url, me, openFriend, cast.chat);
  direct.set(cast.open, chatId);
  await me.client.api.updateConversation(chatId, { pinned: true });
  return { cast, me, openId: openFriend.me.id, chatId, people, direct, groupId: group.id };
}

describe.skipIf(!process.env.LIAO_SCREENSHOTS)(
  'screenshots (opt-in: set LIAO_SCREENSHOTS=1 to write them)',
  () => {
    let env: TestServer;
    let browser: Browser;
    const scenes = new Map<Locale, Scene>();

    beforeAll(async () => {
      [env, browser] = await Promise.all([
        startServer((config) => {
          // One address makes every account here; the limits guard real servers, not this one.
          config.rateLimits.registrationsPerAddress = { limit: 1000, windowMs: 60_000 };
          config.rateLimits.searchesPerUser = { limit: 1000, windowMs: 60_000 };
        }),
        launchBrowser(),
      ]);
      for (const locale of LOCALES) scenes.set(locale, await buildScene(env.url, CASTS[locale]));
    });

    afterAll(async () => {
      await browser?.close();
      await env?.stop();
    });

    for (const locale of LOCALES) {
      for (const theme of THEMES) {
        for (const device of Object.keys(DEVICES) as (keyof typeof DEVICES)[]) {
          it(`${locale} ${theme} ${device}`, { timeout: 240_000 }, async () => {
            const scene = scenes.get(locale)!;
            const context = await browser.newContext(shotOptions(locale, theme, device));
            context.setDefaultTimeout(UI_TIMEOUT_MS);
            const page = await context.newPage();
            const name = (screen: string) => `${screen}-${device}-${locale}-${theme}`;
            const m = device === 'phone' ? '/m' : '';
            const { cast } = scene;

            await page.goto(`${env.url}/signin`);
            await page.locator('.auth__title').waitFor();
            // The desktop opens on the QR code: wait until it is drawn.
            if (device === 'desktop') await page.locator('img.qr-panel__code').waitFor();
            await shoot(page, name('signin'));
            await page.goto(`${env.url}/signup`);
            await page.locator('.auth__title').waitFor();
            await shoot(page, name('signup'));
            // A taken username (the server's answer) and a short password (checked before sending).
            await page.locator('input[autocomplete=username]').fill(cast.me.username);
            await page.locator('input[autocomplete=nickname]').fill(cast.me.name);
            await page.locator('input[autocomplete=new-password]').fill('long enough 1');
            await page.locator('button[type=submit]').click();
            await page.locator('.field__error').waitFor();
            await page.locator('input[autocomplete=new-password]').fill('short');
            await page.locator('button[type=submit]').click();
            await page.locator('.field__error').nth(1).waitFor();
            await shoot(page, name('signup-errors'));

            await context.addCookies([{ name: SESSION_COOKIE, value: scene.me.token, url: env.url }]);
            const openName = cast.friends.find((f) => f.username === cast.open)!.name;

            const t = STRINGS[locale];
            const direct = (username: string) => scene.direct.get(username)!;
            const someone = (username: string) => scene.people.get(username)!;
            // Each run opens these chats, so their marks are set again for the next one.
            await scene.me.client.api.updateConversation(direct(cast.markedUnread.username), {
              markedUnread: true,
            });
            await say(
              env.url,
              someone(cast.unread.username),
              direct(cast.unread.username),
              cast.unread.unread,
            );

            await page.goto(`${env.url}${m}/`);
            await page.locator('.conv-row').first().waitFor();
            await page.locator('.conv-row__dot').waitFor();
            await page.locator('.conv-row__badge--muted').waitFor();
            // The group's mosaic, drawn once its member list is in.
            await page
              .locator(`.conv-row[data-name="${cast.group.name}"] img`)
              .nth(cast.group.members.length - 1)
              .waitFor();
            await shoot(page, name('messages'));

            if (device === 'desktop') {
              const groupRow = page.locator(`.conv-row[data-name="${cast.group.name}"]`);
              await groupRow.click({ button: 'right' });
              await page.getByRole('menu', { name: t.list.menuLabel }).waitFor();
              await shoot(page, name('row-menu'));
              await page.keyboard.press('Escape');
              await page.getByRole('menu').waitFor({ state: 'detached' });
              // The question before deleting the chat (answered No).
              await groupRow.click({ button: 'right' });
              await page.getByRole('menuitem', { name: t.list.delete }).click();
              const question = page.getByRole('dialog', { name: t.list.deleteTitle });
              await question.getByRole('button', { name: t.common.cancel }).waitFor();
              await shoot(page, name('delete-chat'));
              await page.keyboard.press('Escape');
              await question.waitFor({ state: 'detached' });

              await page.getByRole('searchbox', { name: t.list.searchLabel }).fill(cast.queries.list);
              await page
                .getByRole('region', { name: t.list.searchLabel })
                .getByRole('button')
                .first()
                .waitFor();
              await shoot(page, name('search'));
              await page.getByRole('button', { name: t.list.clearSearch }).click();

              await page.keyboard.press('Control+k');
              const switcher = page.getByRole('dialog', { name: t.list.switcherLabel });
              await switcher.getByRole('combobox').fill(cast.queries.switcher);
              await switcher.locator('[aria-selected="true"]').waitFor();
              await shoot(page, name('switcher'));
              await page.keyboard.press('Escape');
              await switcher.waitFor({ state: 'detached' });
            }

            await page.getByRole('button', { name: t.list.more }).click();
            await page.getByRole('menuitem', { name: t.list.newGroup }).waitFor();
            await shoot(page, name('plus-menu'));
            await page.getByRole('menuitem', { name: t.list.newGroup }).click();
            const newGroup = page.getByRole('dialog', { name: t.groups.newGroup });
            for (const username of cast.picks) {
              const friend = cast.friends.find((f) => f.username === username)!;
              await newGroup.getByRole('checkbox', { name: friend.remark ?? friend.name }).check();
            }
            await shoot(page, name('new-group'));
            await page.keyboard.press('Escape');
            await newGroup.waitFor({ state: 'detached' });

            await page.goto(`${env.url}${m}/chat/${scene.chatId}`);
            await page.locator('.msg__receipt').waitFor();
            await shoot(page, name('chat'));
            // A message's menu (right-click; a long press on the phone).
            await page.locator('.msg--other .msg__bubble').last().click({ button: 'right' });
            await page.getByRole('menu').waitFor();
            await shoot(page, name('message-menu'));
            await page.keyboard.press('Escape');
            await page.getByRole('menu').waitFor({ state: 'detached' });
            await page.getByRole('button', { name: t.groups.info }).click();
            const info = page.getByRole('complementary', { name: t.groups.info });
            await info.waitFor();
            await shoot(page, name('chat-info'));

            await page.goto(`${env.url}${m}/chat/${scene.groupId}`);
            const group = page.getByRole('region', { name: cast.group.name });
            await group.locator('.img-bubble--loaded').waitFor();
            await group.getByText(cast.group.lines.at(-1)!.text).waitFor();
            if (device === 'desktop') {
              await page
                .locator(`.conv-row[data-name="${cast.group.name}"] img`)
                .nth(cast.group.members.length - 1)
                .waitFor();
            }
            await shoot(page, name('group'));

            await group.getByRole('button', { name: t.chat.openImage }).click();
            const viewer = page.getByRole('dialog', { name: t.chat.viewer });
            await viewer.locator('img').waitFor();
            await shoot(page, name('viewer'));
            await page.keyboard.press('Escape');
            await viewer.waitFor({ state: 'detached' });

            await group.getByRole('button', { name: t.composer.emoji }).click();
            const picker = page.getByRole('dialog', { name: t.composer.emoji });
            await picker.getByRole('button').nth(20).waitFor();
            await shoot(page, name('emoji'));
            await picker.getByRole('searchbox', { name: t.composer.emojiSearch }).fill(cast.queries.emoji);
            await shoot(page, name('emoji-search'));
            await page.keyboard.press('Escape');
            await picker.waitFor({ state: 'detached' });

            await group.getByRole('button', { name: t.groups.info }).click();
            await info.getByText(fill(t.groups.members, { count: cast.group.members.length + 1 })).waitFor();
            await shoot(page, name('group-info'));

            // Opened at the first unread line; then, while I read older lines, one more arrives.
            const waiting = someone(cast.unread.username);
            await page.goto(`${env.url}${m}/chat/${direct(cast.unread.username)}`);
            const unread = page
              .getByRole('region')
              .and(page.locator(`[data-conversation-id="${direct(cast.unread.username)}"]`));
            await unread.getByText(t.chat.unreadMarker).waitFor();
            // Every run adds these lines again (the earlier ones read): the newest is the last.
            await unread.getByText(cast.unread.unread.at(-1)!).last().waitFor();
            await shoot(page, name('unread'));
            await unread.locator('.msg-list__scroller').evaluate((el) => el.scrollTo({ top: 0 }));
            await say(env.url, waiting, direct(cast.unread.username), [cast.unread.late]);
            await unread.getByRole('button', { name: fill(t.chat.newMessages_one, { count: 1 }) }).waitFor();
            await shoot(page, name('new-messages'));

            // The server refuses it: they removed me, so it stays here with retry and ×.
            await page.goto(`${env.url}${m}/chat/${direct(cast.gone.username)}`);
            const goneChat = page
              .getByRole('region')
              .and(page.locator(`[data-conversation-id="${direct(cast.gone.username)}"]`));
            await goneChat.getByText(cast.gone.line).waitFor();
            const box = goneChat.getByRole('textbox', { name: t.messages.composerPlaceholder });
            await box.fill(cast.gone.text);
            await box.press('Enter');
            await goneChat.locator('.msg__failed-actions').waitFor();
            await shoot(page, name('failed'));

            if (device === 'phone') {
              await page.goto(`${env.url}${m}/friends`);
              await page.getByRole('button', { name: openName, exact: true }).waitFor();
              await shoot(page, name('friends'));
            }
            await page.goto(`${env.url}${m}/friends/${scene.openId}`);
            await page.getByRole('heading', { name: openName }).first().waitFor();
            await shoot(page, name('contact'));

            await page.goto(`${env.url}${m}/friends/new`);
            await page.getByText(cast.incoming[0]!.greeting).waitFor();
            await shoot(page, name('requests'));

            await page.goto(`${env.url}${m}/friends/add`);
            await page.locator('.add-friend input').fill(cast.stranger.username);
            await page.locator('.add-friend__search button[type=submit]').click();
            await page.getByRole('article', { name: cast.stranger.name }).waitFor();
            await shoot(page, name('add-friend'));

            if (device === 'phone') {
              await page.goto(`${env.url}${m}/settings`);
              await page.locator('.me-card').waitFor();
              await shoot(page, name('me'));
            }
            await page.goto(`${env.url}${m}/settings/profile`);
            await page.getByText(`@${cast.me.username}`).first().waitFor();
            await shoot(page, name('settings'));

            await page.goto(`${env.url}${m}/settings/devices`);
            await page.locator('.device__current').waitFor();
            await shoot(page, name('devices'));

            await page.goto(`${env.url}${m}/settings/blocked`);
            await page.getByText(`@${cast.declined.username}`).waitFor();
            await shoot(page, name('blocked'));

            await page.goto(`${env.url}${m}/settings/general`);
            await page.locator('.segmented').first().waitFor();
            await shoot(page, name('general'));

            // The network gone: the banner across the whole window, over the chat list.
            await page.goto(`${env.url}${m}/`);
            await page.locator('.conv-row').first().waitFor();
            await context.setOffline(true);
            await page.locator('.conn-banner').waitFor();
            await shoot(page, name('offline'));
            await context.setOffline(false);
            await page.locator('.conn-banner').waitFor({ state: 'detached' });

            // Signed out from the phone: a session of this browser's own, so the scene's stays.
            const signIn = (name: string, platform: 'web' | 'phone') =>
              new LiaoClient({ baseUrl: env.url }).api.signIn({
                username: cast.me.username,
                password: PASSWORD,
                device: { name, platform },
                transport: 'bearer',
              });
            const mine = await signIn('Chrome · Windows', 'web');
            const phone = new LiaoClient({ baseUrl: env.url });
            phone.setToken((await signIn('iPhone 15', 'phone')).token);
            await context.addCookies([{ name: SESSION_COOKIE, value: mine.token ?? '', url: env.url }]);
            await page.goto(`${env.url}${m}/`);
            await page.locator('.conv-row').first().waitFor();
            await phone.api.signOutDevice(mine.device.id);
            await page.locator('.auth-notice__more').waitFor();
            if (device === 'desktop') await page.locator('img.qr-panel__code').waitFor();
            await shoot(page, name('signed-out'));
            await phone.api.signOut();
            await context.close();
          });
        }
      }
    }
  },
);
