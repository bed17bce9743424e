import fs from 'node:fs';
import fsp from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { isOutage } from '../http/outage';
import { checkKey, checkPrefix } from './keys';
import { type S3Config, s3ClientConfig } from './s3Client';
import type { ByteRange, MediaStorage, OpenedObject } from './storage';
import { reportingUnavailable } from './unavailable';

/** Objects removed at once by removePrefix (a video has four at most). */
const DELETE_PARALLEL = 8;

/**
 * "The object is not there": GetObject says NoSuchKey, HeadObject (which has no body) only
 * 404 NotFound, which a missing bucket also gives (readiness, HeadBucket, tells them apart).
 * Anything else is an error to report.
 */
function isMissing(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  return name === 'NoSuchKey' || name === 'NotFound';
}

/**
 * The bucket is out of reach or failed on its side: no HTTP answer at all (refused, reset,
 * timed out) or a 5xx (S3's own "slow down" included). A 4xx (access denied, no such bucket)
 * is a configuration to fix, not an outage.
 */
function isUnavailable(error: unknown): boolean {
  const e = error as { $fault?: string; $metadata?: { httpStatusCode?: number }; name?: string };
  if (e.$fault === 'server' || e.name === 'TimeoutError' || isOutage(error)) return true;
  return e.$metadata !== undefined && e.$metadata.httpStatusCode === undefined;
}

/** The total size from `Content-Range: bytes 0-99/1234`. */
function totalOf(contentRange: string | undefined, contentLength: number | undefined): number {
  const total = contentRange ? /\/(\d+)$/.exec(contentRange)?.[1] : undefined;
  if (total !== undefined) return Number(total);
  if (contentLength === undefined) throw new Error('S3 answered without Content-Length');
  return contentLength;
}

/** Media in an S3-compatible bucket (AWS, MinIO, Ceph, R2…), one object per key (s3Client.ts). */
export function createS3Storage(config: S3Config): MediaStorage {
  return reportingUnavailable(s3Driver(config), isUnavailable);
}

function s3Driver(config: S3Config): MediaStorage {
  const client = new S3Client(s3ClientConfig(config));
  const Bucket = config.bucket;

  async function removeKeys(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += DELETE_PARALLEL) {
      await Promise.all(
        keys
          .slice(i, i + DELETE_PARALLEL)
          .map((Key) => client.send(new DeleteObjectCommand({ Bucket, Key }))),
      );
    }
  }

  async function open(key: string, range?: ByteRange): Promise<OpenedObject | null> {
    try {
      const out = await client.send(
        new GetObjectCommand({
          Bucket,
          Key: checkKey(key),
          ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
        }),
      );
      return { stream: out.Body as Readable, size: totalOf(out.ContentRange, out.ContentLength) };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  return {
    async put(key, data) {
      await client.send(
        new PutObjectCommand({ Bucket, Key: checkKey(key), Body: data, ContentLength: data.length }),
      );
    },

    async putFile(key, localPath) {
      const { size } = await fsp.stat(localPath);
      await client.send(
        new PutObjectCommand({
          Bucket,
          Key: checkKey(key),
          Body: fs.createReadStream(localPath),
          ContentLength: size,
        }),
      );
      await fsp.rm(localPath, { force: true });
    },

    open,

    async stat(key) {
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket, Key: checkKey(key) }));
        return { size: totalOf(undefined, out.ContentLength) };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async getToFile(key, localPath) {
      const opened = await open(key);
      if (!opened) return false;
      await pipeline(opened.stream, fs.createWriteStream(localPath));
      return true;
    },

    async remove(key) {
      // S3 answers 204 whether or not the key existed.
      await client.send(new DeleteObjectCommand({ Bucket, Key: checkKey(key) }));
    },

    async removePrefix(prefix) {
      const Prefix = checkPrefix(prefix);
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix, ContinuationToken }));
        await removeKeys((page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },

    async ping() {
      await client.send(new HeadBucketCommand({ Bucket }));
    },

    async close() {
      client.destroy();
    },
  };
}
