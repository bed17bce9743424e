import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/platform/config';
import { createFolderStorage } from '../../../src/platform/media/folderStorage';
import { createS3Storage } from '../../../src/platform/media/s3Storage';
import {
  type MediaStorage,
  MediaStorageUnavailable,
  openMediaStorage,
} from '../../../src/platform/media/storage';
import { startS3rver, type TestS3 } from '../../support/s3';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function bytesOf(storage: MediaStorage, key: string): Promise<Buffer | null> {
  const opened = await storage.open(key);
  return opened && readAll(opened.stream);
}

let s3: TestS3;
beforeAll(async () => {
  s3 = await startS3rver();
});
afterAll(async () => {
  await s3?.close();
});

interface Driver {
  name: string;
  open(): Promise<MediaStorage>;
}

/** The folder driver's folders, removed after the file's tests. */
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

const drivers: Driver[] = [
  {
    name: 'folder',
    async open() {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-media-'));
      folders.push(folder);
      return createFolderStorage(folder);
    },
  },
  {
    name: 's3 (s3rver on loopback)',
    async open() {
      return createS3Storage(s3.configFor(await s3.newBucket()));
    },
  },
];

describe.each(drivers)('media storage: $name', (driver) => {
  let storage: MediaStorage;
  let work: string;
  beforeEach(async () => {
    storage = await driver.open();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-media-work-'));
  });
  afterEach(async () => {
    await storage.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('answers readiness', async () => {
    await expect(storage.ping()).resolves.toBeUndefined();
  });

  it('stores an object and reads it back whole, with its size', async () => {
    const data = randomBytes(10_000);
    await storage.put('images/0190a1b2-aaaa', data);
    const opened = await storage.open('images/0190a1b2-aaaa');
    expect(opened?.size).toBe(10_000);
    expect(await readAll(opened?.stream as Readable)).toEqual(data);
    expect(await storage.stat('images/0190a1b2-aaaa')).toEqual({ size: 10_000 });
  });

  it('a second put replaces the object', async () => {
    await storage.put('avatars/x.webp', Buffer.from('first'));
    await storage.put('avatars/x.webp', Buffer.from('second, longer'));
    expect((await bytesOf(storage, 'avatars/x.webp'))?.toString()).toBe('second, longer');
  });

  it('reads a byte range, reporting the whole size', async () => {
    const data = randomBytes(5000);
    await storage.put('videos/v1/stream.mp4', data);
    const middle = await storage.open('videos/v1/stream.mp4', { start: 100, end: 1099 });
    expect(middle?.size).toBe(5000);
    expect(await readAll(middle?.stream as Readable)).toEqual(data.subarray(100, 1100));
    const last = await storage.open('videos/v1/stream.mp4', { start: 4999, end: 4999 });
    expect(await readAll(last?.stream as Readable)).toEqual(data.subarray(4999));
  });

  it('an empty object is stored and read as empty', async () => {
    await storage.put('images/empty', Buffer.alloc(0));
    expect(await storage.stat('images/empty')).toEqual({ size: 0 });
    expect(await bytesOf(storage, 'images/empty')).toEqual(Buffer.alloc(0));
  });

  it('a missing key is null for open and stat, false for getToFile, and removing it is fine', async () => {
    expect(await storage.open('images/nothing')).toBeNull();
    expect(await storage.open('images/nothing', { start: 0, end: 10 })).toBeNull();
    expect(await storage.stat('images/nothing')).toBeNull();
    const local = path.join(work, 'copy');
    expect(await storage.getToFile('videos/nothing/original', local)).toBe(false);
    expect(fs.existsSync(local)).toBe(false);
    await expect(storage.remove('images/nothing')).resolves.toBeUndefined();
    await expect(storage.removePrefix('videos/nothing/')).resolves.toBeUndefined();
  });

  it('putFile stores a local file (consuming it) and getToFile copies it back out', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const local = path.join(work, 'upload');
    fs.writeFileSync(local, data);
    await storage.putFile('videos/v2/original', local);
    expect(fs.existsSync(local)).toBe(false);
    expect(await storage.stat('videos/v2/original')).toEqual({ size: data.length });
    const back = path.join(work, 'back');
    expect(await storage.getToFile('videos/v2/original', back)).toBe(true);
    expect(fs.readFileSync(back).equals(data)).toBe(true);
  });

  it('removes one object, and every object under a prefix but nothing beside it', async () => {
    for (const key of [
      'videos/v3/stream.mp4',
      'videos/v3/poster.jpg',
      'videos/v3/preview.mp4',
      'videos/v3/original',
      'videos/v33/stream.mp4',
      'videos/v3.x',
      'images/v3',
    ])
      await storage.put(key, Buffer.from(key));
    await storage.remove('images/v3');
    expect(await storage.stat('images/v3')).toBeNull();
    await storage.removePrefix('videos/v3/');
    for (const key of ['stream.mp4', 'poster.jpg', 'preview.mp4', 'original'])
      expect(await storage.stat(`videos/v3/${key}`)).toBeNull();
    expect((await bytesOf(storage, 'videos/v33/stream.mp4'))?.toString()).toBe('videos/v33/stream.mp4');
    expect((await bytesOf(storage, 'videos/v3.x'))?.toString()).toBe('videos/v3.x');
  });

  it('refuses keys that could leave the storage, and prefixes that are not folders', async () => {
    for (const key of ['../etc/passwd', '/abs', 'images/../../x', 'Images/A', 'a//b', ''])
      await expect(storage.put(key, Buffer.from('x')), key).rejects.toThrow(/bad media key/);
    await expect(storage.removePrefix('videos/v3')).rejects.toThrow(/ends with/);
  });
});

describe('media storage: S3 errors are reported, not taken for missing objects', () => {
  it('a bucket that does not exist fails reads and readiness, as a configuration error', async () => {
    const storage = createS3Storage(s3.configFor('no-such-bucket-here'));
    try {
      await expect(storage.open('images/x')).rejects.toMatchObject({ name: 'NoSuchBucket' });
      await expect(storage.put('images/x', Buffer.from('x'))).rejects.toMatchObject({ name: 'NoSuchBucket' });
      await expect(storage.ping()).rejects.toThrow();
    } finally {
      await storage.close();
    }
  });

  it('a server that does not answer fails reads and writes as unavailable', async () => {
    const storage = createS3Storage({ ...s3.configFor('any'), endpoint: 'http://127.0.0.1:1' });
    try {
      await expect(storage.open('images/x')).rejects.toBeInstanceOf(MediaStorageUnavailable);
      await expect(storage.stat('images/x')).rejects.toBeInstanceOf(MediaStorageUnavailable);
      await expect(storage.put('images/x', Buffer.from('x'))).rejects.toBeInstanceOf(MediaStorageUnavailable);
      await expect(storage.ping()).rejects.toBeInstanceOf(MediaStorageUnavailable);
    } finally {
      await storage.close();
    }
  });

  it('LIAO_STORAGE=s3 and the LIAO_S3_* settings open that bucket', async () => {
    const bucket = await s3.newBucket();
    const config = loadConfig({
      LIAO_STORAGE: 's3',
      LIAO_S3_ENDPOINT: s3.endpoint,
      LIAO_S3_BUCKET: bucket,
      LIAO_S3_ACCESS_KEY_ID: 'S3RVER',
      LIAO_S3_SECRET_ACCESS_KEY: 'S3RVER',
    });
    const storage = await openMediaStorage(config.storage);
    try {
      await storage.put('avatars/y.webp', Buffer.from('avatar'));
      // Written through the API, the object is in s3rver's own folder for that bucket.
      expect(fs.existsSync(path.join(s3.directory, bucket))).toBe(true);
      expect((await bytesOf(storage, 'avatars/y.webp'))?.toString()).toBe('avatar');
    } finally {
      await storage.close();
    }
  });
});
