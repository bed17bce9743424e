import fs from 'node:fs';
import { CloseCodes, type Me } from '@liao/protocol';
import sharp from 'sharp';
import { afterAll, expect, it } from 'vitest';
import { connectClient, makeAccount, readMe, signInAgain } from '../../support/builders';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http } from '../../support/http';
import { makeImage } from '../../support/images';
import { openSocket } from '../../support/sockets';

describeEachStore('persistence', (store) => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    // The last server owns the data (folder and schema); the first only needs closing.
    for (const s of servers.slice(0, -1)) await s.stop();
    await servers.at(-1)?.destroy();
  });

  it('accounts, profiles, avatars and sessions survive a restart; the old token still works', async () => {
    const first = await startTestServer(store);
    servers.push(first);
    const account = await makeAccount(first, { displayName: '老王' });
    const laptop = await signInAgain(first, account, { name: 'Laptop', platform: 'desktop' });
    const patched = await http(first.url, 'PATCH', '/api/me', {
      token: account.token,
      body: { signature: '周末去爬山', discoverable: false },
    });
    expect(patched.status).toBe(200);
    const withAvatar = await http(first.url, 'PUT', '/api/me/avatar', {
      token: account.token,
      rawBody: await makeImage('jpeg'),
      headers: { 'content-type': 'image/jpeg' },
    });
    expect(withAvatar.status).toBe(200);
    const before = withAvatar.body as Me;
    const devicesBefore = (await http(first.url, 'GET', '/api/sessions', { token: account.token })).body
      .devices;

    // A live connection is told to go away (and reconnect) when the server stops.
    const socket = await openSocket(first.url, { token: laptop.token });
    await socket.next((f) => f.type === 'hello');
    // And the SDK reconnects by itself once the server is back on the same address.
    const client = await connectClient(first, account.token);
    const states: string[] = [];
    client.on('state', (s) => states.push(s));
    await first.stop();
    expect((await socket.closed).code).toBe(CloseCodes.GOING_AWAY);
    expect(fs.existsSync(first.dataDir)).toBe(true);

    const second = await startTestServer(store, {
      reuse: { dataDir: first.dataDir },
      configure(config) {
        config.port = first.port;
      },
    });
    servers.push(second);
    expect(second.url).toBe(first.url);
    try {
      await client.waitForState('open', 15_000);
      expect(states[0]).toBe('reconnecting');
      const event = client.waitForEvent('me.updated');
      await http(second.url, 'PATCH', '/api/me', { token: laptop.token, body: { signature: '周末去爬山' } });
      expect((await event).user.signature).toBe('周末去爬山');
    } finally {
      client.disconnect();
    }

    // The old tokens still work, and see everything as it was.
    expect(await readMe(second, account.token)).toEqual(before);
    expect((await readMe(second, laptop.token)).id).toBe(account.id);
    expect(before).toMatchObject({ displayName: '老王', signature: '周末去爬山', discoverable: false });
    const devicesAfter = (await http(second.url, 'GET', '/api/sessions', { token: account.token })).body
      .devices;
    expect(devicesAfter.map((d: { id: string }) => d.id).sort()).toEqual(
      devicesBefore.map((d: { id: string }) => d.id).sort(),
    );

    // Signing in with the password works and finds the same account.
    const signIn = await http(second.url, 'POST', '/api/sessions', {
      body: { username: account.username.toUpperCase(), password: account.password, transport: 'bearer' },
    });
    expect(signIn.status).toBe(201);
    expect(signIn.body.user).toEqual(before);

    // The avatar file is still served.
    const avatar = await fetch(second.url + before.avatarUrl, {
      headers: { authorization: `Bearer ${signIn.body.token}` },
    });
    expect(avatar.status).toBe(200);
    const meta = await sharp(Buffer.from(await avatar.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 256, height: 256 });

    // And the username is still taken.
    const again = await http(second.url, 'POST', '/api/accounts', {
      body: { username: account.username, password: 'another password', displayName: 'x' },
    });
    expect(again.body.error.code).toBe('USERNAME_TAKEN');
  });
});
