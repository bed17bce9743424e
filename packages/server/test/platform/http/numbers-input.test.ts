import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../support/builders';
import { makePeople, type Person } from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http } from '../../support/http';
import { headUpload, patchUpload } from '../../support/videos-fixtures';

/** What Number() and z.coerce.number() read as numbers, though none is plain decimal digits. */
const NOT_DIGITS = ['1e3', '0x10', '0b11', '+10', '-0', '10.0', '1_000', '', 'Infinity'];

function tokenOf(p: Person): string {
  return p.client.api.http.token ?? '';
}

describeEachStore('numbers in headers and query strings', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  function createWithLength(p: Person, length: string) {
    return http(t.url, 'POST', '/api/videos/uploads', {
      token: tokenOf(p),
      headers: { 'tus-resumable': '1.0.0', 'upload-length': length },
    });
  }

  const uploadsOf = (p: Person) =>
    t.server.ctx.db.selectFrom('video_uploads').select('length').where('owner_id', '=', p.id).execute();

  describe('tus', () => {
    it('Upload-Length takes plain decimal digits only: 1e3, 0x10 and the like are 400 and make no upload', async () => {
      const a = await people.person();
      for (const length of NOT_DIGITS) {
        const res = await createWithLength(a, length);
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(res.body.error.data.issues[0].path, length).toBe('upload-length');
      }
      expect(await uploadsOf(a)).toEqual([]);
      expect((await createWithLength(a, '01000')).status).toBe(201);
      expect(await uploadsOf(a)).toEqual([{ length: 1000 }]);
    });

    it('Upload-Offset too: 0e0, 0x0 and the like are 400 and the upload stays where it was', async () => {
      const a = await people.person();
      const location = (await createWithLength(a, '10')).headers.get('location') ?? '';
      for (const offset of ['0e0', '0x0', '0b0', '-0', '+0', '0.0', '']) {
        const res = await http(t.url, 'PATCH', location, {
          token: tokenOf(a),
          rawBody: Buffer.alloc(4),
          headers: {
            'tus-resumable': '1.0.0',
            'upload-offset': offset,
            'content-type': 'application/offset+octet-stream',
          },
        });
        expectError(res, 400, 'VALIDATION_FAILED');
        expect((await headUpload(t, tokenOf(a), location)).headers.get('upload-offset'), offset).toBe('0');
      }
      expect((await patchUpload(t, tokenOf(a), location, 0, Buffer.alloc(4))).status).toBe(204);
    });
  });

  it('a query limit takes plain decimal digits only: ?limit=1e1, 0x10 and the like are 400', async () => {
    const a = await people.person();
    for (const limit of [...NOT_DIGITS, ' 5', '5 ']) {
      const path = `/api/videos/mine?limit=${encodeURIComponent(limit)}`;
      expectError(await http(t.url, 'GET', path, { token: tokenOf(a) }), 400, 'VALIDATION_FAILED');
    }
    expect((await http(t.url, 'GET', '/api/videos/mine?limit=1&limit=2', { token: tokenOf(a) })).status).toBe(
      400,
    );
    const ok = await http(t.url, 'GET', '/api/videos/feed?limit=05', { token: tokenOf(a) });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });
});
