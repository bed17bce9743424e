import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/platform/config';
import { expectError } from '../../support/builders';
import { makePeople, type Person } from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http } from '../../support/http';
import { createUpload } from '../../support/videos-fixtures';

function tokenOf(p: Person): string {
  return p.client.api.http.token ?? '';
}

const DAY = 24 * 60 * 60 * 1000;

describeEachStore('limits on unfinished video uploads', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);
  beforeAll(async () => {
    // Set as an operator would; the same variables are read by loadConfig at start.
    const { videos } = loadConfig({
      LIAO_VIDEO_UPLOADS_PER_ACCOUNT: '3',
      LIAO_VIDEO_UPLOAD_BYTES_PER_ACCOUNT: '10000',
    });
    t = await startTestServer(store, {
      configure: (config) => {
        config.videos.unfinishedUploadsPerUser = videos.unfinishedUploadsPerUser;
        config.videos.unfinishedBytesPerUser = videos.unfinishedBytesPerUser;
      },
    });
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  const uploadRows = (p: Person) =>
    t.server.ctx.db.selectFrom('video_uploads').select('id').where('owner_id', '=', p.id).execute();

  it('past the unfinished uploads allowed, a new one is 429 TOO_MANY_UPLOADS; cancelling or expiry makes room', async () => {
    const [a, b] = [await people.person(), await people.person()];
    const made = [];
    for (let i = 0; i < 3; i++) {
      const res = await createUpload(t, tokenOf(a), 100);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      made.push(res.headers.get('location') ?? '');
    }
    const refused = await createUpload(t, tokenOf(a), 100);
    expectError(refused, 429, 'TOO_MANY_UPLOADS');
    expect(refused.body.error.data).toEqual({ limit: 3 });
    expect(await uploadRows(a)).toHaveLength(3);
    // Another account has its own allowance.
    expect((await createUpload(t, tokenOf(b), 100)).status).toBe(201);

    expect((await http(t.url, 'DELETE', made[0] ?? '', { token: tokenOf(a) })).status).toBe(204);
    expect((await createUpload(t, tokenOf(a), 100)).status).toBe(201);
    expectError(await createUpload(t, tokenOf(a), 100), 429, 'TOO_MANY_UPLOADS');

    // Uploads past their day no longer count, even before the sweeper removed them.
    t.clock.advance(DAY + 1000);
    expect((await createUpload(t, tokenOf(a), 100)).status).toBe(201);
  });

  it('declared bytes past the allowance are 429 TOO_MANY_UPLOAD_BYTES; what fits is still taken', async () => {
    const a = await people.person();
    expect((await createUpload(t, tokenOf(a), 6000)).status).toBe(201);
    const refused = await createUpload(t, tokenOf(a), 4001);
    expectError(refused, 429, 'TOO_MANY_UPLOAD_BYTES');
    expect(refused.body.error.data).toEqual({ limitBytes: 10_000, unfinishedBytes: 6000 });
    expect((await createUpload(t, tokenOf(a), 4000)).status).toBe(201);
    expectError(await createUpload(t, tokenOf(a), 1), 429, 'TOO_MANY_UPLOAD_BYTES');
    expect(await uploadRows(a)).toHaveLength(2);
  });

  describe('begun all at once (the flood that was seen: 500 in 1.5 s)', () => {
    it('50 uploads at the same moment: exactly the allowed 3 are made, the rest refused', async () => {
      const a = await people.person();
      const results = await Promise.all(Array.from({ length: 50 }, () => createUpload(t, tokenOf(a), 100)));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(3);
      expect(statuses.filter((s) => s === 429)).toHaveLength(47);
      expect(await uploadRows(a)).toHaveLength(3);
    });

    it('20 uploads of 4000 bytes at the same moment: two are made, no more than 10,000 bytes declared', async () => {
      const a = await people.person();
      const results = await Promise.all(Array.from({ length: 20 }, () => createUpload(t, tokenOf(a), 4000)));
      expect(results.filter((r) => r.status === 201)).toHaveLength(2);
      for (const r of results.filter((r) => r.status !== 201)) {
        expect(r.body.error.code).toBe('TOO_MANY_UPLOAD_BYTES');
      }
      expect(await uploadRows(a)).toHaveLength(2);
    });
  });
});
