import { SESSION_COOKIE } from '@liao/protocol';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  openBrowserFor,
  type Person,
  startServer,
  type TestServer,
  uniqueName,
} from './harness';
import { type Account, befriend, makeAccount } from './seed';

// A group of three, each person in their own browser: made from the dialog, renamed by a
// member, one member removed by the owner, another leaving. Every step waits for what a
// person would see; nothing sleeps.

/** Signs a browser in with the account's session (the sign-in form is chat.test's business). */
async function openAs(person: Person, url: string, account: Account) {
  await person.context.addCookies([{ name: SESSION_COOKIE, value: account.token, url }]);
  await person.page.goto(`${url}/friends`);
  await person.page.getByRole('navigation', { name: '主导航' }).waitFor();
}

/** Friends page → 群聊 → the group, as a person finds a group they were added to. */
async function openGroupFromFriends(page: Page, name: string) {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: '通讯录' }).click();
  await page.getByRole('button', { name: '群聊', exact: true }).click();
  await page
    .getByRole('region', { name: '群聊' })
    .getByRole('button', { name: new RegExp(name) })
    .click();
  return page.getByRole('region', { name });
}

/** What shows where the composer was, once one can no longer write in a group. */
function closedNotice(chat: Locator) {
  return chat.getByRole('status').filter({ hasText: '你已不在此群聊中，无法发送消息' });
}

function infoPanel(page: Page) {
  return page.getByRole('complementary', { name: '聊天信息' });
}

describe('group chats in the browser', () => {
  let env: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [env, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  it('a group of three: made from the dialog, renamed by a member, one removed by the owner, one leaving', async () => {
    const [alice, bob, carol] = await Promise.all([
      makeAccount(env.url, uniqueName('alice'), 'Alice 爱丽丝'),
      makeAccount(env.url, uniqueName('bob'), 'Bob 鲍勃'),
      makeAccount(env.url, uniqueName('carol'), 'Carol 卡罗尔'),
    ]);
    // Bob and Carol are not friends: each knows the other only as a member of the group.
    await Promise.all([befriend(alice, bob), befriend(alice, carol)]);
    const [a, b, c] = await Promise.all([
      openBrowserFor(browser),
      openBrowserFor(browser),
      openBrowserFor(browser),
    ]);
    await Promise.all([openAs(a, env.url, alice), openAs(b, env.url, bob), openAs(c, env.url, carol)]);

    // Alice starts a group from her contacts: one friend found by username, one ticked in the list.
    await a.page.getByRole('button', { name: '发起群聊' }).click();
    const dialog = a.page.getByRole('dialog', { name: '发起群聊' });
    const done = dialog.getByRole('button', { name: '完成' });
    await dialog.getByRole('searchbox', { name: '搜索联系人' }).fill(bob.me.username.toUpperCase());
    await dialog.getByRole('checkbox', { name: 'Carol 卡罗尔' }).waitFor({ state: 'detached' });
    expect(await dialog.getByRole('checkbox').count()).toBe(1);
    await dialog.getByRole('checkbox', { name: 'Bob 鲍勃' }).check();
    expect(await done.isDisabled()).toBe(true);
    await dialog.getByRole('searchbox', { name: '搜索联系人' }).fill('');
    await dialog.getByRole('checkbox', { name: 'Carol 卡罗尔' }).check();
    await dialog.getByText('已选择 2 个联系人').waitFor();
    await dialog.getByRole('textbox', { name: '群聊名称' }).fill('周末爬山');
    await done.click();
    await dialog.waitFor({ state: 'hidden' });
    const aChat = a.page.getByRole('region', { name: '周末爬山' });
    await aChat.getByText('你邀请Bob 鲍勃、Carol 卡罗尔加入了群聊').waitFor();

    // Both others find it under 群聊 on their Friends page.
    const [bChat, cChat] = await Promise.all([
      openGroupFromFriends(b.page, '周末爬山'),
      openGroupFromFriends(c.page, '周末爬山'),
    ]);
    await Promise.all([
      bChat.getByText('Alice 爱丽丝邀请你、Carol 卡罗尔加入了群聊').waitFor(),
      cChat.getByText('Alice 爱丽丝邀请Bob 鲍勃、你加入了群聊').waitFor(),
    ]);

    // Bob, a plain member, may rename it but is offered no removing.
    await bChat.getByRole('button', { name: '聊天信息' }).click();
    const bInfo = infoPanel(b.page);
    await bInfo.getByText('群成员（3）').waitFor();
    await bInfo.getByText('群主').waitFor();
    // Carol is not Bob's friend, yet he sees her name, as every member does.
    await bInfo.getByText('Carol 卡罗尔', { exact: true }).waitFor();
    expect(await bInfo.getByRole('button', { name: '移出成员' }).count()).toBe(0);
    await bInfo.getByRole('button', { name: '修改群聊名称' }).click();
    await bInfo.getByRole('textbox', { name: '群聊名称' }).fill('爬山小分队');
    await bInfo.getByRole('textbox', { name: '群聊名称' }).press('Enter');

    // Everyone sees the new name and the line that says who changed it.
    await Promise.all([
      a.page
        .getByRole('region', { name: '爬山小分队' })
        .getByText('Bob 鲍勃将群名改为“爬山小分队”')
        .waitFor(),
      b.page.getByRole('region', { name: '爬山小分队' }).getByText('你将群名改为“爬山小分队”').waitFor(),
      c.page
        .getByRole('region', { name: '爬山小分队' })
        .getByText('Bob 鲍勃将群名改为“爬山小分队”')
        .waitFor(),
    ]);

    // Alice, the owner, removes Carol.
    const aGroup = a.page.getByRole('region', { name: '爬山小分队' });
    await aGroup.getByRole('button', { name: '聊天信息' }).click();
    const aInfo = infoPanel(a.page);
    await aInfo.getByRole('button', { name: '移出成员' }).click();
    // The owner is never offered to herself.
    expect(await aInfo.getByRole('button', { name: '移出Alice 爱丽丝' }).count()).toBe(0);
    await aInfo.getByRole('button', { name: '移出Carol 卡罗尔' }).click();
    const confirm = a.page.getByRole('dialog', { name: '移出群成员' });
    await confirm.getByText('将“Carol 卡罗尔”移出群聊？').waitFor();
    await confirm.getByRole('button', { name: '移出', exact: true }).click();
    await aInfo.getByText('群成员（2）').waitFor();
    expect(await aInfo.getByText('Carol 卡罗尔').count()).toBe(0);
    // Bob, who never was her friend, still reads her name in the line about it.
    await b.page
      .getByRole('region', { name: '爬山小分队' })
      .getByText('Alice 爱丽丝将Carol 卡罗尔移出了群聊')
      .waitFor();

    // Carol sees she was removed, and the composer is gone.
    const cGroup = c.page.getByRole('region', { name: '爬山小分队' });
    await closedNotice(cGroup).waitFor();
    expect(await cGroup.getByRole('textbox', { name: '输入消息' }).count()).toBe(0);
    // Her chat and her list say it in the same words, with no spaces around the names (issue
    // 15, item 15: the list said "Alice 爱丽丝 移出了一位成员").
    await cGroup.getByText('Alice 爱丽丝将你移出了群聊', { exact: true }).waitFor();
    await c.page.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: /^消息/ }).click();
    await c.page
      .locator('.conv-row[data-name="爬山小分队"]')
      .getByText('Alice 爱丽丝将你移出了群聊', { exact: true })
      .waitFor();

    // Bob leaves, after saying yes.
    const bGroup = b.page.getByRole('region', { name: '爬山小分队' });
    await bInfo.getByRole('button', { name: '退出群聊' }).click();
    const leave = b.page.getByRole('dialog', { name: '退出群聊' });
    await leave.getByText('退出后将不再接收此群聊的消息。').waitFor();
    await leave.getByRole('button', { name: '退出群聊' }).click();
    await closedNotice(bGroup).waitFor();
    // His panel now offers only what is still his: pin and deleting the chat.
    await bInfo.getByRole('button', { name: '删除聊天' }).waitFor();
    expect(await bInfo.getByRole('button', { name: '修改群聊名称' }).count()).toBe(0);

    await aGroup.getByText('Bob 鲍勃退出了群聊').waitFor();
    await aInfo.getByText('群成员（1）').waitFor();
    for (const person of [a, b, c]) expect(person.problems).toEqual([]);
  });
});
