import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore, startTestServer, type TestServer, uniqueUsername } from '../support/harness';
import { http } from '../support/http';

describeEachStore('smoke', (store) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(() => t.destroy());

  it('registers and reads its own profile', async () => {
    const username = uniqueUsername();
    const reg = await http(t.url, 'POST', '/api/accounts', {
      body: { username, password: 'correct horse', displayName: '小明', transport: 'bearer' },
    });
    expect(reg.status).toBe(201);
    const me = await http(t.url, 'GET', '/api/me', { token: reg.body.token });
    expect(me.body).toMatchObject({ username, displayName: '小明' });
  });
});
