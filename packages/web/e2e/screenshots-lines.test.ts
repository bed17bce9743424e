import fs from 'node:fs';
import path from 'node:path';
import { SESSION_COOKIE } from '@liao/protocol';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchBrowser, openBrowserFor, startServer, type TestServer } from './harness';
import { type Account, befriend, connectedClient, makeAccount, makeAvatarPng } from './seed';
import { DEVICES, type Device, LOCALES, type Locale, SHOTS_DIR, shotOptions, THEMES } from './shots';

// Pictures of the lines issue 15 changed (items 7, 9 and 15): a group's system lines, the list
// of someone removed, and a receipt not yet read, in both languages, both themes, desktop and
// phone. Opt-in, as the other screenshots:
//   LIAO_SCREENSHOTS=1 npx vitest run --project e2e packages/web/e2e/screenshots-lines.test.ts
// They land in packages/web/e2e/screenshots/ (ignored by git).

interface LinesCast {
  /**
   * Me, the group's owner; the admin-to-be and one more, the group's first members; then two
   * invited together: the one who renames it, and the one the admin removes.
   */
  names: [string, string, string, string, string];
  group: string;
  renamed: string;
  said: { admin: string; invited: string; mine: string; direct: [string, string] };
  /** What the pictures wait for: the lines as each viewer reads them. */
  expect: { removedByAdmin: string; renamed: string; removedMe: string; unread: string };
}

const CASTS: Record<Locale, LinesCast> = {
  'zh-CN': {
    names: ['林晓', '王芳', '陈静', '李华', '赵磊'],
    group: '周末爬山',
    renamed: '香山看红叶',
    said: {
      admin: '大家周六有空吗？去香山看红叶 🍁',
      invited: '我可以！几点集合？',
      mine: '八点，地铁站 A 口',
      direct: ['周六见？', '好呀，八点地铁站见'],
    },
    expect: {
      removedByAdmin: '王芳将赵磊移出了群聊',
      renamed: '李华将群名改为“香山看红叶”',
      removedMe: '王芳将你移出了群聊',
      unread: '未读',
    },
  },
  en: {
    names: ['Maya Lin', 'Alice Chen', 'Hannah', 'Ben Carter', 'Chloe'],
    group: 'Weekend hikers',
    renamed: 'Autumn leaves',
    said: {
      admin: 'Anyone free on Saturday? The leaves are turning 🍁',
      invited: "I'm in! What time?",
      mine: '8 am at the station, exit A',
      direct: ['See you Saturday?', 'Yes! 8 am at the station'],
    },
    expect: {
      removedByAdmin: 'Alice Chen removed Chloe from the group',
      renamed: 'Ben Carter renamed the group to “Autumn leaves”',
      removedMe: 'Alice Chen removed you from the group',
      unread: 'Unread',
    },
  },
};

type Rgb = [number, number, number];
const FACES: [Rgb, Rgb, Rgb][] = [
  [
    [255, 154, 120],
    [214, 76, 120],
    [255, 236, 190],
  ],
  [
    [96, 178, 230],
    [40, 90, 170],
    [240, 250, 255],
  ],
  [
    [120, 200, 150],
    [30, 110, 90],
    [250, 245, 200],
  ],
  [
    [150, 130, 230],
    [60, 50, 120],
    [255, 210, 230],
  ],
  [
    [250, 200, 90],
    [200, 110, 40],
    [255, 245, 220],
  ],
];

interface Scene {
  me: Account;
  removed: Account;
  groupId: string;
  directId: string;
}

async function say(url: string, account: Account, conversationId: string, text: string): Promise<void> {
  const client = await connectedClient(url, account);
  await client.sendText(conversationId, text);
  await client.whenSent();
  await client.shutdown();
}

/** Reads a conversation up to its last message. */
async function readAll(url: string, account: Account, conversationId: string): Promise<void> {
  const client = await connectedClient(url, account);
  await client.whenSynced();
  const seq = client.getConversation(conversationId)?.lastSeq ?? 0;
  await client.request('read', { conversationId, seq });
  await client.shutdown();
}

/**
 * I make a group with the admin-to-be and one more, make the first admin, invite two more; one of those says
 * something, the admin removes the other, I write, the one left renames it. The admin and I
 * also have a chat where my last line is not read yet.
 */
async function buildScene(url: string, cast: LinesCast, locale: Locale): Promise<Scene> {
  const [me, admin, first, invited, removed] = (await Promise.all(
    cast.names.map((name, i) =>
      makeAccount(url, `lines${locale.replace('-', '')}${i}${Date.now().toString(36)}`, name, {
        avatar: makeAvatarPng(...(FACES[i] ?? FACES[0]!)),
      }),
    ),
  )) as [Account, Account, Account, Account, Account];
  for (const friend of [admin, first, invited, removed]) await befriend(friend, me);
  // The one removed knows the admin too, as in the issue: the line names her.
  await befriend(removed, admin);
  const group = await me.client.api.createGroup({ memberIds: [admin.me.id, first.me.id], name: cast.group });
  await say(url, admin, group.id, cast.said.admin);
  await me.client.api.setAdmin(group.id, admin.me.id, true);
  await me.client.api.inviteMembers(group.id, [invited.me.id, removed.me.id]);
  await say(url, invited, group.id, cast.said.invited);
  // The one about to be removed has read what they were shown: no badge beside the line.
  await readAll(url, removed, group.id);
  await admin.client.api.removeMember(group.id, removed.me.id);
  await say(url, me, group.id, cast.said.mine);
  await invited.client.api.updateConversation(group.id, { name: cast.renamed });

  const directId = await me.client.api.openDirect(admin.me.id);
  await say(url, admin, directId, cast.said.direct[0]);
  await say(url, me, directId, cast.said.direct[1]);
  await readAll(url, me, group.id);
  await readAll(url, me, directId);
  return { me, removed, groupId: group.id, directId };
}

describe.skipIf(!process.env.LIAO_SCREENSHOTS)(
  'screenshots of system lines and receipts (opt-in: set LIAO_SCREENSHOTS=1 to write them)',
  () => {
    let env: TestServer;
    let browser: Browser;
    const scenes = new Map<Locale, Scene>();

    beforeAll(async () => {
      fs.mkdirSync(SHOTS_DIR, { recursive: true });
      [env, browser] = await Promise.all([startServer(), launchBrowser()]);
      for (const locale of LOCALES) scenes.set(locale, await buildScene(env.url, CASTS[locale], locale));
    });

    afterAll(async () => {
      await browser?.close();
      await env?.stop();
    });

    for (const locale of LOCALES) {
      for (const theme of THEMES) {
        for (const device of Object.keys(DEVICES) as Device[]) {
          it(`${locale} ${theme} ${device}`, { timeout: 120_000 }, async () => {
            const scene = scenes.get(locale)!;
            const cast = CASTS[locale];
            const m = device === 'phone' ? '/m' : '';
            const name = (screen: string) =>
              path.join(SHOTS_DIR, `lines-${screen}-${device}-${locale}-${theme}.png`);
            const open = async (account: Account, route: string) => {
              const p = await openBrowserFor(browser, shotOptions(locale, theme, device));
              await p.context.addCookies([{ name: SESSION_COOKIE, value: account.token, url: env.url }]);
              await p.page.goto(`${env.url}${m}${route}`);
              return p;
            };

            const owner = await open(scene.me, `/chat/${scene.groupId}`);
            const chat = owner.page.getByRole('region', { name: cast.renamed });
            await chat.getByText(cast.expect.renamed, { exact: true }).waitFor();
            await chat.getByText(cast.expect.removedByAdmin, { exact: true }).waitFor();
            // The group's mosaic in the list beside it: four members, four faces.
            const mosaic = owner.page.locator(`.conv-row[data-name="${cast.renamed}"] img`).nth(3);
            if (device === 'desktop') await mosaic.waitFor();
            await owner.page.screenshot({ path: name('group') });
            await owner.page.goto(`${env.url}${m}/chat/${scene.directId}`);
            await owner.page
              .locator('.msg__receipt')
              .getByText(cast.expect.unread, { exact: true })
              .waitFor();
            if (device === 'desktop') await mosaic.waitFor();
            await owner.page.screenshot({ path: name('receipt') });
            await owner.context.close();

            // Removed: the list says what the chat says.
            const removed = await open(scene.removed, device === 'phone' ? '/' : `/chat/${scene.groupId}`);
            await removed.page
              .locator('.conv-row')
              .getByText(cast.expect.removedMe, { exact: true })
              .waitFor();
            await removed.page.screenshot({ path: name('removed') });
            await removed.context.close();
          });
        }
      }
    }
  },
);
