import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { StorageConfig } from '../../src/platform/config';

/** The credentials s3rver checks signatures against. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface TestS3 {
  endpoint: string;
  /** A new empty bucket, so that every test has data of its own. */
  newBucket(): Promise<string>;
  /** The storage settings (as LIAO_STORAGE=s3 and LIAO_S3_* give them) for a bucket. */
  configFor(bucket: string): Extract<StorageConfig, { driver: 's3' }>;
  /** The folder s3rver keeps the objects in (to look behind its back in tests). */
  directory: string;
  /** Stops answering (an outage); the objects stay. */
  stop(): Promise<void>;
  /** Answers again, on the same port, with the same objects. */
  start(): Promise<void>;
  close(): Promise<void>;
}

let buckets = 0;

/** A real S3-compatible server (s3rver, objects in a temporary folder) on a loopback port. */
export async function startS3rver(): Promise<TestS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-s3-'));
  let server: S3rver | null = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const admin = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: CREDENTIALS,
  });
  return {
    endpoint,
    directory,
    async newBucket() {
      buckets++;
      const name = `liao-${process.pid}-${buckets}-${Math.random().toString(36).slice(2, 8)}`;
      await admin.send(new CreateBucketCommand({ Bucket: name }));
      return name;
    },
    configFor(bucket) {
      return {
        driver: 's3',
        endpoint,
        region: 'us-east-1',
        bucket,
        credentials: CREDENTIALS,
        forcePathStyle: true,
      };
    },
    async stop() {
      await server?.close();
      server = null;
    },
    async start() {
      if (server) return;
      server = new S3rver({ address: '127.0.0.1', port, silent: true, directory });
      await server.run();
    },
    async close() {
      admin.destroy();
      await server?.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
