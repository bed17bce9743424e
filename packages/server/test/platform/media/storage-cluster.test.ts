import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Video } from '@liao/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StorageConfig } from '../../../src/platform/config';
import { type MediaStorage, openMediaStorage } from '../../../src/platform/media/storage';
import { makePeople, type Person } from '../../support/conversation-fixtures';
import { startTestServer, type TestServer, type TestServerOptions } from '../../support/harness';
import { http } from '../../support/http';
import { fetchMedia, makeImage, sendChatImage, uploadAvatar, uploadChatImage } from '../../support/images';
import { startS3rver } from '../../support/s3';
import {
  createUpload,
  headUpload,
  makeClip,
  patchUpload,
  storedVideoFiles,
  uploadVideo,
  waitUntilSettled,
} from '../../support/videos-fixtures';

const PG_URL = process.env.LIAO_TEST_PG_URL;

function tokenOf(p: Person): string {
  return p.client.api.http.token ?? '';
}

/** The Redis backplane of `node`, where it has one (LIAO_TEST_REDIS_URL), so two nodes are one cluster. */
function sameBackplane(node: TestServer): Pick<TestServerOptions, 'redis'> {
  return node.redisPrefix ? { redis: { prefix: node.redisPrefix } } : {};
}

interface SharedMedia {
  config: StorageConfig;
  close(): Promise<void>;
}

const drivers: { name: string; open(): Promise<SharedMedia> }[] = [
  {
    name: 'a folder both nodes mount',
    async open() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-shared-media-'));
      return {
        config: { driver: 'folder', dir },
        close: async () => fs.rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'an S3 bucket (s3rver on loopback)',
    async open() {
      const s3 = await startS3rver();
      return { config: s3.configFor(await s3.newBucket()), close: () => s3.close() };
    },
  },
];

/**
 * Two nodes of one cluster: one PostgreSQL schema and one media storage, but each its own data
 * folder, so that nothing reaches the other node except through what a cluster shares. Node A
 * transcodes nothing, so a video uploaded through it can only become ready on node B.
 */
for (const driver of drivers) {
  const title = `media across two nodes: ${driver.name}`;
  const suite = PG_URL ? describe : describe.skip;
  suite(PG_URL ? title : `${title} [postgres: skipped, LIAO_TEST_PG_URL is unset]`, () => {
    let shared: SharedMedia;
    let a: TestServer;
    let b: TestServer;
    /** The shared storage, opened apart from both nodes, to see what is stored. */
    let look: MediaStorage;
    const people = makePeople(() => a);
    beforeAll(async () => {
      shared = await driver.open();
      a = await startTestServer('postgres', {
        configure: (config) => {
          config.storage = shared.config;
          config.videos.transcodeConcurrency = 0;
        },
      });
      b = await startTestServer('postgres', {
        ...sameBackplane(a),
        configure: (config) => {
          config.storage = shared.config;
          config.databaseSchema = a.schema;
          config.videos.jobPollMs = 100;
        },
      });
      look = await openMediaStorage(shared.config);
    });
    afterAll(async () => {
      people.closeAll();
      // B first: A's destroy drops the schema both use.
      for (const node of [b, a]) await node?.destroy();
      await look?.close();
      await shared?.close();
    });

    it('an avatar uploaded through one node is served by the other', async () => {
      const p = await people.person();
      const res = await uploadAvatar(a.url, tokenOf(p), await makeImage('png', 300, 200));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const fromA = await fetchMedia(a.url, res.body.avatarUrl, tokenOf(p));
      const fromB = await fetchMedia(b.url, res.body.avatarUrl, tokenOf(p));
      expect(fromB.res.status).toBe(200);
      expect(fromB.res.headers.get('content-type')).toBe('image/webp');
      expect(fromB.bytes.equals(fromA.bytes)).toBe(true);
    });

    it('a chat image uploaded through one node is served by the other, thumbnail included', async () => {
      const [p, q] = [await people.person(), await people.person()];
      await people.befriend(p, q);
      const conversationId = await p.client.api.openDirect(q.id);
      const res = await uploadChatImage(a.url, tokenOf(p), conversationId, await makeImage('jpeg', 800, 600));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      await sendChatImage(p.client, conversationId, res.body);
      for (const suffix of ['', '/thumb']) {
        const url = `/api/media/images/${res.body.imageId}${suffix}`;
        const fromB = await fetchMedia(b.url, url, tokenOf(q));
        expect(fromB.res.status, url).toBe(200);
        expect(fromB.bytes.equals((await fetchMedia(a.url, url, tokenOf(q))).bytes)).toBe(true);
      }
    });

    it('a video uploaded through one node is transcoded by the other and streamed by either, with Range', async () => {
      const p = await people.person();
      const res = await uploadVideo(a, tokenOf(p), await makeClip({ seconds: 2 }));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const video: Video = await waitUntilSettled(a, tokenOf(p), res.body.video.id);
      expect(video).toMatchObject({ state: 'ready', error: null });
      expect(await look.stat(`videos/${video.id}/original`)).toBeNull();

      const full = await fetchMedia(b.url, video.streamUrl ?? '', tokenOf(p));
      expect(full.res.status).toBe(200);
      const ranged = await fetchMedia(a.url, video.streamUrl ?? '', tokenOf(p), { range: 'bytes=1000-1999' });
      expect(ranged.res.status).toBe(206);
      expect(ranged.res.headers.get('content-range')).toBe(`bytes 1000-1999/${full.bytes.length}`);
      expect(ranged.bytes.equals(full.bytes.subarray(1000, 2000))).toBe(true);
      expect((await fetchMedia(a.url, video.posterUrl ?? '', tokenOf(p))).res.status).toBe(200);

      // Deleted through the node that did not make the files: they are gone for both.
      expect((await http(a.url, 'DELETE', `/api/videos/${video.id}`, { token: tokenOf(p) })).status).toBe(
        204,
      );
      for (const name of ['stream.mp4', 'poster.jpg', 'preview.mp4'])
        expect(await look.stat(`videos/${video.id}/${name}`), name).toBeNull();
    });
  });
}

/**
 * Each PATCH of one upload may reach a different node. With media in a folder, an upload in
 * progress is a file in the data folder's video-uploads, which the nodes share (docs/deploy.md);
 * with media in an S3 bucket, it is a multipart upload in that bucket, and the nodes share
 * nothing else.
 */
const uploadSetups: { name: string; open(): Promise<{ config?: StorageConfig; close(): Promise<void> }> }[] =
  [
    {
      name: 'sharing the data folder',
      open: async () => ({ close: async () => {} }),
    },
    {
      name: 'sharing only an S3 bucket',
      async open() {
        const s3 = await startS3rver();
        return { config: s3.configFor(await s3.newBucket()), close: () => s3.close() };
      },
    },
  ];
for (const setup of uploadSetups) {
  const title = `a video upload whose chunks reach different nodes ${setup.name}`;
  (PG_URL ? describe : describe.skip)(
    PG_URL ? title : `${title} [postgres: skipped, LIAO_TEST_PG_URL is unset]`,
    () => {
      let shared: Awaited<ReturnType<(typeof setup)['open']>>;
      let a: TestServer;
      let b: TestServer;
      const people = makePeople(() => a);
      beforeAll(async () => {
        shared = await setup.open();
        const { config: storage } = shared;
        a = await startTestServer('postgres', {
          ...(storage
            ? {
                configure: (config) => {
                  config.storage = storage;
                },
              }
            : {}),
        });
        b = await startTestServer('postgres', {
          ...sameBackplane(a),
          ...(storage
            ? {
                configure: (config) => {
                  config.storage = storage;
                  config.databaseSchema = a.schema;
                },
              }
            : { reuse: { dataDir: a.dataDir } }),
        });
      });
      afterAll(async () => {
        people.closeAll();
        if (shared.config) await b?.destroy();
        else await b?.stop();
        await a?.destroy();
        await shared?.close();
      });

      it('is created on one node, continued on the other, and becomes a ready video', async () => {
        const p = await people.person();
        const clip = await makeClip({ seconds: 2 });
        const half = Math.floor(clip.length / 2);
        const created = await createUpload(a, tokenOf(p), clip.length);
        const location = created.headers.get('location') ?? '';
        expect((await patchUpload(a, tokenOf(p), location, 0, clip.subarray(0, half))).status).toBe(204);
        if (shared.config) expect([...storedVideoFiles(a), ...storedVideoFiles(b)]).toEqual([]);
        expect((await headUpload(b, tokenOf(p), location)).headers.get('upload-offset')).toBe(String(half));
        const done = await patchUpload(b, tokenOf(p), location, half, clip.subarray(half));
        expect(done.status, JSON.stringify(done.body)).toBe(200);
        const video = await waitUntilSettled(a, tokenOf(p), done.body.video.id);
        expect(video.state).toBe('ready');
        expect((await fetchMedia(a.url, video.streamUrl ?? '', tokenOf(p))).res.status).toBe(200);
      });
    },
  );
}
