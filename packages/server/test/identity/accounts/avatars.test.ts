import fs from 'node:fs';
import path from 'node:path';
import type { Me } from '@liao/protocol';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectClient,
  expectError,
  makeAccount,
  readMe,
  signInAgain,
  type TestAccount,
} from '../../support/builders';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http } from '../../support/http';
import { makeImage, makeJpegWithGps, makePngBomb } from '../../support/images';

describeEachStore('avatars', (store) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(() => t.destroy());

  const avatarsDir = () => path.join(t.dataDir, 'media', 'avatars');
  const avatarFiles = () => (fs.existsSync(avatarsDir()) ? fs.readdirSync(avatarsDir()).sort() : []);

  function upload(account: Pick<TestAccount, 'token'>, body: Buffer | string, type: string) {
    return http(t.url, 'PUT', '/api/me/avatar', {
      token: account.token,
      rawBody: body,
      headers: { 'content-type': type },
    });
  }

  async function fetchBytes(url: string, token?: string) {
    const res = await fetch(t.url + url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  /** Uploads, and asserts the refusal changed neither the profile nor the files on disk. */
  async function expectRefused(body: Buffer | string, type: string, status: number, code: string) {
    const account = await makeAccount(t);
    const before = avatarFiles();
    expectError(await upload(account, body, type), status, code);
    expect((await readMe(t, account.token)).avatarUrl).toBeNull();
    expect(avatarFiles()).toEqual(before);
    const rows = await t.server.ctx.db
      .selectFrom('media')
      .select('id')
      .where('owner_id', '=', account.id)
      .execute();
    expect(rows).toEqual([]);
  }

  describe('accepted images', () => {
    it.each([
      ['PNG', 'png', 'image/png'],
      ['JPEG', 'jpeg', 'image/jpeg'],
      ['WebP', 'webp', 'image/webp'],
      ['GIF', 'gif', 'image/gif'],
    ] as const)('a %s is stored as a 256×256 WebP and served at avatarUrl', async (_, format, type) => {
      const account = await makeAccount(t);
      const res = await upload(account, await makeImage(format, 300, 200), type);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const me = res.body as Me;
      expect(me.avatarUrl).toMatch(/^\/api\/media\/avatars\/[0-9a-f-]{36}$/);
      expect((await readMe(t, account.token)).avatarUrl).toBe(me.avatarUrl);

      const { res: served, bytes } = await fetchBytes(me.avatarUrl!, account.token);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/webp');
      expect(served.headers.get('cache-control')).toMatch(/immutable/);
      expect(served.headers.get('x-content-type-options')).toBe('nosniff');
      const meta = await sharp(bytes).metadata();
      expect(meta).toMatchObject({ format: 'webp', width: 256, height: 256 });
    });

    it('the type is checked by content, not by the declared content type', async () => {
      const account = await makeAccount(t);
      const res = await upload(account, await makeImage('png'), 'image/jpeg');
      expect(res.status).toBe(200);
      const other = await upload(account, await makeImage('webp'), 'application/octet-stream');
      expect(other.status).toBe(200);
    });

    it('EXIF metadata, GPS position included, is gone from the stored avatar', async () => {
      const input = await makeJpegWithGps();
      expect((await sharp(input).metadata()).exif).toBeDefined();
      const account = await makeAccount(t);
      const res = await upload(account, input, 'image/jpeg');
      expect(res.status).toBe(200);
      const { bytes } = await fetchBytes(res.body.avatarUrl, account.token);
      const meta = await sharp(bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(bytes.includes(Buffer.from('Spyphone'))).toBe(false);
      expect(bytes.includes(Buffer.from('Someone Private'))).toBe(false);
    });

    it('is served only to signed-in users: 401 without a token, 200 for any signed-in user', async () => {
      const owner = await makeAccount(t);
      const stranger = await makeAccount(t);
      const { avatarUrl } = (await upload(owner, await makeImage('png'), 'image/png')).body as Me;
      expectError(await http(t.url, 'GET', avatarUrl!), 401, 'UNAUTHENTICATED');
      expectError(await http(t.url, 'GET', avatarUrl!, { token: 'A'.repeat(43) }), 401, 'UNAUTHENTICATED');
      expect((await fetchBytes(avatarUrl!, stranger.token)).res.status).toBe(200);
    });

    it('unknown and ill-formed avatar ids: 404 MEDIA_NOT_FOUND and 400 VALIDATION_FAILED', async () => {
      const account = await makeAccount(t);
      const token = account.token;
      expectError(
        await http(t.url, 'GET', '/api/media/avatars/01890000-0000-7000-8000-000000000000', { token }),
        404,
        'MEDIA_NOT_FOUND',
      );
      for (const bad of ['nope', '..%2F..%2Fliao.db', `${'0'.repeat(36)}`]) {
        expectError(
          await http(t.url, 'GET', `/api/media/avatars/${bad}`, { token }),
          400,
          'VALIDATION_FAILED',
        );
      }
    });

    it('a new avatar replaces the old: the old file and row are gone and the old URL is 404', async () => {
      const account = await makeAccount(t);
      const first = (await upload(account, await makeImage('png'), 'image/png')).body as Me;
      const oldId = first.avatarUrl!.split('/').pop()!;
      expect(fs.existsSync(path.join(avatarsDir(), `${oldId}.webp`))).toBe(true);

      const second = (await upload(account, await makeImage('gif'), 'image/gif')).body as Me;
      expect(second.avatarUrl).not.toBe(first.avatarUrl);
      expect(fs.existsSync(path.join(avatarsDir(), `${oldId}.webp`))).toBe(false);
      expectError(
        await http(t.url, 'GET', first.avatarUrl!, { token: account.token }),
        404,
        'MEDIA_NOT_FOUND',
      );
      const rows = await t.server.ctx.db
        .selectFrom('media')
        .select('id')
        .where('owner_id', '=', account.id)
        .execute();
      expect(rows.map((r) => r.id)).toEqual([second.avatarUrl!.split('/').pop()]);
      expect((await fetchBytes(second.avatarUrl!, account.token)).res.status).toBe(200);
    });

    it("the user's other devices hear of the new avatar (me.updated)", async () => {
      const account = await makeAccount(t);
      const phone = await signInAgain(t, account);
      const client = await connectClient(t, phone.token);
      try {
        const event = client.waitForEvent('me.updated', (e) => e.user.avatarUrl !== null);
        const res = await upload(account, await makeImage('png'), 'image/png');
        expect((await event).user.avatarUrl).toBe(res.body.avatarUrl);
      } finally {
        client.disconnect();
      }
    });
  });

  describe('refused uploads change nothing', () => {
    it('a text file declared as image/png is 422 INVALID_IMAGE', async () => {
      await expectRefused('hello, I am not a picture\n'.repeat(20), 'image/png', 422, 'INVALID_IMAGE');
    });

    it('an SVG (which could carry script) declared as image/png is 422 INVALID_IMAGE', async () => {
      const svg =
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>';
      await expectRefused(svg, 'image/png', 422, 'INVALID_IMAGE');
    });

    it('a truncated PNG is 422 INVALID_IMAGE', async () => {
      const png = await makeImage('png', 400, 400);
      await expectRefused(png.subarray(0, 80), 'image/png', 422, 'INVALID_IMAGE');
    });

    it('an empty body is 422 INVALID_IMAGE', async () => {
      await expectRefused(Buffer.alloc(0), 'image/png', 422, 'INVALID_IMAGE');
    });

    it('a decompression bomb (a tiny PNG claiming 100000×100000) is 422 IMAGE_TOO_LARGE, read from the header before decoding', async () => {
      const bomb = makePngBomb();
      expect(bomb.length).toBeLessThan(200);
      await expectRefused(bomb, 'image/png', 422, 'IMAGE_TOO_LARGE');
    });

    it('an image just over the pixel cap is IMAGE_TOO_LARGE too', async () => {
      await expectRefused(makePngBomb(7072, 7072), 'image/png', 422, 'IMAGE_TOO_LARGE');
    });

    it('a body over 10 MB is 413 PAYLOAD_TOO_LARGE', async () => {
      const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x41);
      await expectRefused(big, 'image/png', 413, 'PAYLOAD_TOO_LARGE');
    });

    it('a body that is not an image type at all (text/plain, JSON) is 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const png = await makeImage('png');
      await expectRefused(png, 'text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE');
      await expectRefused('{"a":1}', 'application/json', 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('a JSON body is refused with 415 before it is parsed, even a large or malformed one', async () => {
      const big = `{"padding":"${'p'.repeat(1024 * 1024)}"`;
      await expectRefused(big, 'application/json', 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('a PUT without any body is 415', async () => {
      const account = await makeAccount(t);
      expectError(
        await http(t.url, 'PUT', '/api/me/avatar', { token: account.token }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
    });

    it('without a token is 401 and nothing is stored', async () => {
      const before = avatarFiles();
      const res = await http(t.url, 'PUT', '/api/me/avatar', {
        rawBody: await makeImage('png'),
        headers: { 'content-type': 'image/png' },
      });
      expectError(res, 401, 'UNAUTHENTICATED');
      expect(avatarFiles()).toEqual(before);
    });
  });
});
