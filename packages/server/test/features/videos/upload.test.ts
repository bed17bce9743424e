import fs from 'node:fs';
import nodeHttp from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../support/builders';
import { makePeople, type Person } from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http as request } from '../../support/http';
import { makeImage } from '../../support/images';
import { pollUntil } from '../../support/poll';
import {
  createUpload,
  headUpload,
  makeClip,
  patchUpload,
  storedVideoFiles,
  uploadVideo,
  waitUntilSettled,
} from '../../support/videos-fixtures';

function tokenOf(p: Person): string {
  return p.client.api.http.token ?? '';
}

describeEachStore('video uploads', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);
  beforeAll(async () => {
    t = await startTestServer(store, {
      configure: (config) => {
        config.videos.maxBytes = 2 * 1024 * 1024;
        config.videos.maxDurationMs = 6_000;
      },
    });
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  async function videoRows(ownerId: string) {
    return t.server.ctx.db.selectFrom('videos').select('id').where('owner_id', '=', ownerId).execute();
  }

  describe('accepted videos', () => {
    it.each([
      ['a 5-second clip with sound', { seconds: 5 }, 160, 90],
      ['a vertical clip', { width: 90, height: 160 }, 90, 160],
      ['a clip without audio', { audio: false }, 160, 90],
      ['a WebM clip', { format: 'webm' as const }, 160, 90],
    ])('%s becomes a ready H.264 video with poster and preview', async (_, clip, width, height) => {
      const a = await people.person();
      const res = await uploadVideo(t, tokenOf(a), await makeClip(clip), {
        caption: '看这个',
        visibility: 'public',
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.video).toMatchObject({
        state: 'processing',
        caption: '看这个',
        visibility: 'public',
        ownerId: a.id,
      });
      const video = await waitUntilSettled(t, tokenOf(a), res.body.video.id);
      expect(video).toMatchObject({ state: 'ready', width, height, progress: 1, error: null });
      expect(video.streamUrl).toBe(`/api/media/videos/${video.id}/stream`);
      for (const url of [video.streamUrl, video.posterUrl, video.previewUrl]) {
        const served = await request(t.url, 'GET', url ?? '', { token: tokenOf(a) });
        expect(served.status, url ?? '').toBe(200);
      }
      // The original is gone; only the three served files remain.
      expect(
        storedVideoFiles(t)
          .filter((f) => f.includes(video.id))
          .map((f) => f.split('/').pop()),
      ).toEqual(['poster.jpg', 'preview.mp4', 'stream.mp4']);
    });
  });
  describe('refused uploads leave nothing stored', () => {
    /** Uploads the bytes and expects the refusal, with no file, upload or video left behind. */
    async function expectRefused(bytes: Buffer, status: number, code: string) {
      const a = await people.person();
      const before = storedVideoFiles(t);
      expectError(await uploadVideo(t, tokenOf(a), bytes), status, code);
      expect(storedVideoFiles(t)).toEqual(before);
      expect(await videoRows(a.id)).toEqual([]);
      const uploads = await t.server.ctx.db
        .selectFrom('video_uploads')
        .select('id')
        .where('owner_id', '=', a.id)
        .execute();
      expect(uploads).toEqual([]);
    }

    it('a text file named .mp4', async () => {
      await expectRefused(
        Buffer.from('this is not a video at all, only words\n'.repeat(20)),
        422,
        'INVALID_VIDEO',
      );
    });

    it('a truncated MP4 (its index cut off)', async () => {
      const clip = await makeClip({ seconds: 3 });
      await expectRefused(clip.subarray(0, Math.floor(clip.length * 0.6)), 422, 'INVALID_VIDEO');
    });

    it('an image renamed to .mp4', async () => {
      await expectRefused(await makeImage('png', 160, 90), 422, 'INVALID_VIDEO');
    });

    it('an MP4 container holding only sound', async () => {
      const a = await makeClip({ seconds: 1 });
      // ftyp box kept, but the only stream ffmpeg can find after the cut is none: still refused.
      await expectRefused(Buffer.concat([a.subarray(0, 32), Buffer.alloc(2000)]), 422, 'INVALID_VIDEO');
    });

    it('a video longer than allowed', async () => {
      await expectRefused(await makeClip({ seconds: 7, audio: false }), 422, 'VIDEO_TOO_LONG');
    });

    it('a declared length over the limit is refused before any byte is sent', async () => {
      const a = await people.person();
      expectError(await createUpload(t, tokenOf(a), 2 * 1024 * 1024 + 1), 413, 'VIDEO_TOO_LARGE');
      expect(await videoRows(a.id)).toEqual([]);
    });

    it('more bytes than declared are refused and the upload dropped', async () => {
      const a = await people.person();
      const before = storedVideoFiles(t);
      const created = await createUpload(t, tokenOf(a), 100);
      const location = created.headers.get('location') ?? '';
      expectError(await patchUpload(t, tokenOf(a), location, 0, Buffer.alloc(200)), 413, 'VIDEO_TOO_LARGE');
      expect((await headUpload(t, tokenOf(a), location)).status).toBe(404);
      expect(storedVideoFiles(t)).toEqual(before);
    });

    it.each([
      [
        'an HLS playlist',
        (url: string) => `#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXTINF:5,\n${url}/seg.ts\n#EXT-X-ENDLIST\n`,
      ],
      ['an ffconcat list', (url: string) => `ffconcat version 1.0\nfile ${url}/clip.mp4\n`],
      [
        'a playlist behind an MP4 header',
        (url: string) => `\0\0\0\x18ftypisom\0\0\0\0isom#EXTM3U\n${url}/seg.ts\n`,
      ],
    ])('%s pointing at a URL is never fetched', async (_, playlist) => {
      let fetched = 0;
      const trap = nodeHttp.createServer((_req, res) => {
        fetched++;
        res.end();
      });
      await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
      try {
        await expectRefused(Buffer.from(playlist(url), 'latin1'), 422, 'INVALID_VIDEO');
        expect(fetched).toBe(0);
      } finally {
        trap.close();
      }
    });
  });

  describe('resuming', () => {
    it('a second request continues at the offset where the first stopped', async () => {
      const a = await people.person();
      const clip = await makeClip({ seconds: 2 });
      const half = Math.floor(clip.length / 2);
      const created = await createUpload(t, tokenOf(a), clip.length, { caption: 'resumed' });
      expect(created.status).toBe(201);
      expect(created.headers.get('tus-resumable')).toBe('1.0.0');
      const location = created.headers.get('location') ?? '';
      const first = await patchUpload(t, tokenOf(a), location, 0, clip.subarray(0, half));
      expect(first.status).toBe(204);
      expect(first.headers.get('upload-offset')).toBe(String(half));
      const head = await headUpload(t, tokenOf(a), location);
      expect(head.headers.get('upload-offset')).toBe(String(half));
      expect(head.headers.get('upload-length')).toBe(String(clip.length));
      // A request at the wrong offset is told where the upload stands.
      const wrong = await patchUpload(t, tokenOf(a), location, 0, clip.subarray(0, 10));
      expectError(wrong, 409, 'UPLOAD_OFFSET_MISMATCH');
      expect(wrong.body.error.data.offset).toBe(half);
      const rest = await patchUpload(t, tokenOf(a), location, half, clip.subarray(half));
      expect(rest.status, JSON.stringify(rest.body)).toBe(200);
      expect(rest.body.video.caption).toBe('resumed');
      expect((await waitUntilSettled(t, tokenOf(a), rest.body.video.id)).state).toBe('ready');
    });

    it('a connection dropped mid-chunk keeps what arrived; the next request continues from there', async () => {
      const a = await people.person();
      const clip = await makeClip({ seconds: 2 });
      const sent = Math.floor(clip.length / 3);
      const location = (await createUpload(t, tokenOf(a), clip.length)).headers.get('location') ?? '';
      const req = nodeHttp.request(`${t.url}${location}`, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${tokenOf(a)}`,
          'tus-resumable': '1.0.0',
          'upload-offset': '0',
          'content-type': 'application/offset+octet-stream',
          'content-length': String(clip.length),
        },
      });
      req.on('error', () => {});
      req.write(clip.subarray(0, sent));
      // Once the server has the first third on disk, the connection drops before the rest.
      await expect
        .poll(async () => (await headUpload(t, tokenOf(a), location)).headers.get('upload-offset'), {
          timeout: 5000,
        })
        .toBe(String(sent));
      req.destroy();
      // The next request may come before the server noticed the drop: it is told to ask again.
      let rest = await patchUpload(t, tokenOf(a), location, sent, clip.subarray(sent));
      for (let i = 0; rest.status === 409 && i < 50; i++)
        rest = await patchUpload(t, tokenOf(a), location, sent, clip.subarray(sent));
      expect(rest.status, JSON.stringify(rest.body)).toBe(200);
      expect(rest.body.video.state).toBe('processing');
    });
  });

  describe('uploads belong to their user', () => {
    it("another user can neither see, continue nor cancel someone's upload", async () => {
      const a = await people.person();
      const b = await people.person();
      const location = (await createUpload(t, tokenOf(a), 1000)).headers.get('location') ?? '';
      expect((await headUpload(t, tokenOf(b), location)).status).toBe(404);
      expectError(await patchUpload(t, tokenOf(b), location, 0, Buffer.alloc(10)), 404, 'UPLOAD_NOT_FOUND');
      expectError(await request(t.url, 'DELETE', location, { token: tokenOf(b) }), 404, 'UPLOAD_NOT_FOUND');
      expect((await headUpload(t, tokenOf(a), location)).headers.get('upload-offset')).toBe('0');
    });

    it('signed out, nothing of the upload API answers', async () => {
      const a = await people.person();
      const location = (await createUpload(t, tokenOf(a), 1000)).headers.get('location') ?? '';
      expectError(await createUpload(t, '', 1000), 401, 'UNAUTHENTICATED');
      expectError(await patchUpload(t, '', location, 0, Buffer.alloc(10)), 401, 'UNAUTHENTICATED');
    });

    it('bad tus headers and metadata are refused', async () => {
      const a = await people.person();
      expectError(await createUpload(t, tokenOf(a), -1), 400, 'VALIDATION_FAILED');
      expectError(
        await createUpload(t, tokenOf(a), 10, { visibility: 'everyone' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(await createUpload(t, tokenOf(a), 10, { caption: 'a\u202Eb' }), 400, 'VALIDATION_FAILED');
      const location = (await createUpload(t, tokenOf(a), 10)).headers.get('location') ?? '';
      const wrongType = await request(t.url, 'PATCH', location, {
        token: tokenOf(a),
        rawBody: Buffer.alloc(10),
        headers: { 'upload-offset': '0', 'content-type': 'application/json' },
      });
      expect(wrongType.status).toBeGreaterThanOrEqual(400);
    });
  });
});

describeEachStore('video uploads left unfinished', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);
  beforeAll(async () => {
    t = await startTestServer(store, {
      configure: (config) => {
        config.videos.uploadSweepMs = 50;
      },
    });
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  it('are dropped after a day, their partial file with them; a fresh one is kept', async () => {
    const a = await people.person();
    const stale = (await createUpload(t, tokenOf(a), 1000)).headers.get('location') ?? '';
    expect((await patchUpload(t, tokenOf(a), stale, 0, Buffer.alloc(100))).status).toBe(204);
    const staleFile = path.join(t.dataDir, 'video-uploads', stale.split('/').at(-1) ?? '');
    expect(fs.existsSync(staleFile)).toBe(true);

    t.clock.advance(25 * 60 * 60 * 1000);
    const fresh = (await createUpload(t, tokenOf(a), 1000)).headers.get('location') ?? '';
    expect((await patchUpload(t, tokenOf(a), fresh, 0, Buffer.alloc(100))).status).toBe(204);

    await pollUntil(() => !fs.existsSync(staleFile), 'the stale upload to be swept');
    expect((await headUpload(t, tokenOf(a), stale)).status).toBe(404);
    const rows = await t.server.ctx.db.selectFrom('video_uploads').select('id').execute();
    expect(rows.map((r) => r.id)).toEqual([fresh.split('/').at(-1)]);
    const kept = await headUpload(t, tokenOf(a), fresh);
    expect(kept.status).toBe(200);
    expect(kept.headers.get('upload-offset')).toBe('100');
  });
});
