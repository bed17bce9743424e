import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Video } from '@liao/protocol';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createS3Storage } from '../../../src/platform/media/s3Storage';
import type { MediaStorage } from '../../../src/platform/media/storage';
import { makePeople, type Person } from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http } from '../../support/http';
import { fetchMedia, makeImage, sendChatImage, uploadAvatar, uploadChatImage } from '../../support/images';
import { startS3rver, type TestS3 } from '../../support/s3';
import {
  createUpload,
  headUpload,
  makeClip,
  patchUpload,
  uploadVideo,
  waitUntilSettled,
} from '../../support/videos-fixtures';

function tokenOf(p: Person): string {
  return p.client.api.http.token ?? '';
}

/** A whole server with LIAO_STORAGE=s3, against a real S3-compatible server on loopback. */
describeEachStore('media in an S3 bucket (s3rver on loopback)', (store) => {
  let s3: TestS3;
  let t: TestServer;
  /** The same bucket, opened apart from the server, to see what is stored. */
  let bucket: MediaStorage;
  let name: string;
  const people = makePeople(() => t);
  beforeAll(async () => {
    s3 = await startS3rver();
    name = await s3.newBucket();
    t = await startTestServer(store, {
      configure: (config) => {
        config.storage = s3.configFor(name);
      },
    });
    bucket = createS3Storage(s3.configFor(name));
  });
  afterAll(async () => {
    people.closeAll();
    await t?.destroy();
    await bucket?.close();
    await s3?.close();
  });

  /** Media went to the bucket only: nothing under the data folder but tus uploads (none left). */
  function expectNothingOnDisk() {
    expect(fs.existsSync(path.join(t.dataDir, 'media'))).toBe(false);
    const uploads = path.join(t.dataDir, 'video-uploads');
    expect(fs.existsSync(uploads) ? fs.readdirSync(uploads) : []).toEqual([]);
  }

  it('an avatar is stored in the bucket and served from it', async () => {
    const a = await people.person();
    const res = await uploadAvatar(t.url, tokenOf(a), await makeImage('png', 300, 200));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const url: string = res.body.avatarUrl;
    const avatarId = url.split('/').pop();
    const stored = await bucket.open(`avatars/${avatarId}.webp`);
    expect(stored).not.toBeNull();

    const { res: served, bytes } = await fetchMedia(t.url, url, tokenOf(a));
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/webp');
    expect(Number(served.headers.get('content-length'))).toBe(stored?.size);
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'webp', width: 256, height: 256 });
    stored?.stream.destroy();

    // Replacing the avatar removes the old object from the bucket.
    const again = await uploadAvatar(t.url, tokenOf(a), await makeImage('jpeg', 200, 200), 'image/jpeg');
    expect(again.status).toBe(200);
    expect(await bucket.stat(`avatars/${avatarId}.webp`)).toBeNull();
    expect((await fetchMedia(t.url, url, tokenOf(a))).res.status).toBe(404);
    expectNothingOnDisk();
  });

  it('a chat image and its thumbnail are stored in the bucket and served to the chat', async () => {
    const [a, b] = [await people.person(), await people.person()];
    await people.befriend(a, b);
    const conversationId = await a.client.api.openDirect(b.id);
    const res = await uploadChatImage(t.url, tokenOf(a), conversationId, await makeImage('png', 1200, 800));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { imageId } = res.body;
    await sendChatImage(a.client, conversationId, res.body);
    expect(await bucket.stat(`images/${imageId}`)).not.toBeNull();
    expect(await bucket.stat(`images/${imageId}.thumb`)).not.toBeNull();

    const full = await fetchMedia(t.url, `/api/media/images/${imageId}`, tokenOf(b));
    expect(full.res.status).toBe(200);
    expect(await sharp(full.bytes).metadata()).toMatchObject({ width: 1200, height: 800 });
    const thumb = await fetchMedia(t.url, `/api/media/images/${imageId}/thumb`, tokenOf(b));
    expect(thumb.res.status).toBe(200);
    expect(await sharp(thumb.bytes).metadata()).toMatchObject({ format: 'webp', width: 400 });
    expectNothingOnDisk();
  });

  it('a video is uploaded, transcoded from the bucket, streamed with Range requests, and deleted from it', async () => {
    const a = await people.person();
    const res = await uploadVideo(t, tokenOf(a), await makeClip({ seconds: 2 }), { visibility: 'private' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const video: Video = await waitUntilSettled(t, tokenOf(a), res.body.video.id);
    expect(video.state).toBe('ready');
    const keys = ['stream.mp4', 'poster.jpg', 'preview.mp4'].map((name) => `videos/${video.id}/${name}`);
    for (const key of keys) expect(await bucket.stat(key), key).not.toBeNull();
    // The original served its purpose and left the bucket, and so did the upload.
    expect(await bucket.stat(`videos/${video.id}/original`)).toBeNull();
    expect(await s3.keys(name, 'video-uploads/')).toEqual([]);
    expect(s3.openMultipartUploads(name)).toBe(0);
    expectNothingOnDisk();

    const full = await fetchMedia(t.url, video.streamUrl ?? '', tokenOf(a));
    expect(full.res.status).toBe(200);
    expect(full.res.headers.get('accept-ranges')).toBe('bytes');
    const size = full.bytes.length;
    expect(size).toBeGreaterThan(1000);
    expect(full.res.headers.get('content-length')).toBe(String(size));

    const middle = await fetchMedia(t.url, video.streamUrl ?? '', tokenOf(a), { range: 'bytes=100-599' });
    expect(middle.res.status).toBe(206);
    expect(middle.res.headers.get('content-range')).toBe(`bytes 100-599/${size}`);
    expect(middle.bytes.equals(full.bytes.subarray(100, 600))).toBe(true);

    const tail = await fetchMedia(t.url, video.streamUrl ?? '', tokenOf(a), { range: 'bytes=-64' });
    expect(tail.res.status).toBe(206);
    expect(tail.bytes.equals(full.bytes.subarray(size - 64))).toBe(true);

    // HEAD: the size and what a range would be, without the bytes.
    const head = await fetch(t.url + (video.streamUrl ?? ''), {
      method: 'HEAD',
      headers: { authorization: `Bearer ${tokenOf(a)}`, range: 'bytes=10-19' },
    });
    expect(head.status).toBe(206);
    expect(head.headers.get('content-length')).toBe('10');
    expect(head.headers.get('content-range')).toBe(`bytes 10-19/${size}`);
    const headWhole = await fetch(t.url + (video.streamUrl ?? ''), {
      method: 'HEAD',
      headers: { authorization: `Bearer ${tokenOf(a)}` },
    });
    expect(headWhole.status).toBe(200);
    expect(headWhole.headers.get('content-length')).toBe(String(size));

    const beyond = await fetchMedia(t.url, video.streamUrl ?? '', tokenOf(a), { range: `bytes=${size}-` });
    expect(beyond.res.status).toBe(416);
    expect(beyond.res.headers.get('content-range')).toBe(`bytes */${size}`);

    const poster = await fetchMedia(t.url, video.posterUrl ?? '', tokenOf(a));
    expect(poster.res.status).toBe(200);
    expect((await sharp(poster.bytes).metadata()).format).toBe('jpeg');
    expect((await fetchMedia(t.url, video.previewUrl ?? '', tokenOf(a))).res.status).toBe(200);

    expect((await http(t.url, 'DELETE', `/api/videos/${video.id}`, { token: tokenOf(a) })).status).toBe(204);
    for (const key of keys) expect(await bucket.stat(key), key).toBeNull();
  });

  it('an upload in progress is a multipart upload in the bucket, not a file on disk, and cancelling it leaves nothing', async () => {
    const a = await people.person();
    const MiB = 1024 * 1024;
    const created = await createUpload(t, tokenOf(a), 12 * MiB);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const location = created.headers.get('location') ?? '';
    const uploadId = location.split('/').at(-1) ?? '';
    const inBucket = () => s3.keys(name, 'video-uploads/');

    // 9 MiB: one 8 MiB part, and 1 MiB (less than S3's smallest part) waiting beside it.
    expect((await patchUpload(t, tokenOf(a), location, 0, randomBytes(9 * MiB))).status).toBe(204);
    expect(await inBucket()).toEqual([`video-uploads/${uploadId}.info`, `video-uploads/${uploadId}.part`]);
    expect(s3.openMultipartUploads(name)).toBe(1);
    expectNothingOnDisk();
    expect((await headUpload(t, tokenOf(a), location)).headers.get('upload-offset')).toBe(String(9 * MiB));

    // A small chunk joins what waits; the offset counts both.
    expect((await patchUpload(t, tokenOf(a), location, 9 * MiB, randomBytes(MiB))).status).toBe(204);
    expect((await headUpload(t, tokenOf(a), location)).headers.get('upload-offset')).toBe(String(10 * MiB));
    const behind = await patchUpload(t, tokenOf(a), location, 9 * MiB, randomBytes(MiB));
    expect(behind.status).toBe(409);
    expect(behind.body.error).toMatchObject({
      code: 'UPLOAD_OFFSET_MISMATCH',
      data: { offset: 10 * MiB },
    });

    // Cancelled: the multipart upload is aborted and its objects removed.
    expect((await http(t.url, 'DELETE', location, { token: tokenOf(a) })).status).toBe(204);
    expect(await inBucket()).toEqual([]);
    expect(s3.openMultipartUploads(name)).toBe(0);
    expect((await headUpload(t, tokenOf(a), location)).status).toBe(404);
  });
});

describeEachStore('media while the S3 bucket is out of reach', (store) => {
  let s3: TestS3;
  let bucketConfig: ReturnType<TestS3['configFor']>;
  let t: TestServer;
  const people = makePeople(() => t);
  beforeAll(async () => {
    s3 = await startS3rver();
    bucketConfig = s3.configFor(await s3.newBucket());
  });
  afterAll(async () => {
    people.closeAll();
    await t?.destroy();
    await s3?.close();
  });

  it('serving answers 503 UNAVAILABLE, and a transcode waits for the bucket instead of failing the video', async () => {
    // Uploaded on a node that transcodes nothing, so the job waits in the store.
    t = await startTestServer(store, {
      configure: (config) => {
        config.storage = bucketConfig;
        config.videos.transcodeConcurrency = 0;
      },
    });
    const owner = await people.person();
    const avatar = await uploadAvatar(t.url, tokenOf(owner), await makeImage('png'));
    expect(avatar.status).toBe(200);
    const res = await uploadVideo(t, tokenOf(owner), await makeClip({ seconds: 2 }));
    expect(res.body.video.state).toBe('processing');
    const videoId: string = res.body.video.id;
    await t.stop();

    await s3.stop();
    t = await startTestServer(store, {
      reuse: { dataDir: t.dataDir },
      configure: (config) => {
        config.storage = bucketConfig;
        config.videos.jobLeaseMs = 2000;
        config.videos.jobPollMs = 100;
      },
    });
    const served = await http(t.url, 'GET', avatar.body.avatarUrl, { token: tokenOf(owner) });
    expect(served.status).toBe(503);
    expect(served.body.error.code).toBe('UNAVAILABLE');
    // The job was tried, found the bucket gone and went back to the queue, uncounted.
    await expect
      .poll(() => t.server.ctx.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow(), {
        timeout: 10_000,
      })
      .toMatchObject({
        state: 'queued',
        attempts: 0,
        error: expect.stringMatching(/media storage is unavailable/),
      });
    expect(
      (await http(t.url, 'GET', `/api/videos/${videoId}`, { token: tokenOf(owner) })).body.video.state,
    ).toBe('processing');

    await s3.start();
    expect((await waitUntilSettled(t, tokenOf(owner), videoId)).state).toBe('ready');
    expect((await fetchMedia(t.url, avatar.body.avatarUrl, tokenOf(owner))).res.status).toBe(200);
  });
});
