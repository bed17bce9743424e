import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver, { type S3rverMiddleware, type S3rverStore } from 's3rver';
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
  /** The keys in the bucket under the prefix, sorted. */
  keys(bucket: string, prefix: string): Promise<string[]>;
  /** How many multipart uploads are open in the bucket (begun, neither completed nor aborted). */
  openMultipartUploads(bucket: string): number;
  /** Stops answering (an outage); the objects stay. */
  stop(): Promise<void>;
  /** Answers again, on the same port, with the same objects. */
  start(): Promise<void>;
  close(): Promise<void>;
}

let buckets = 0;

/**
 * The two multipart calls s3rver 3.7 lacks and @tus/s3-store makes (ListParts, to find where an
 * upload stands, and AbortMultipartUpload, to drop one), answered from the folder where s3rver
 * keeps the parts of an upload in progress (`uploads/<UploadId>/<PartNumber>`, with `.md5`
 * beside each), as S3 answers them. Runs before s3rver's own middleware, so it checks no
 * signature: these tests are about what Liao asks, not about s3rver's checks.
 */
function multipartShim(store: S3rverStore): S3rverMiddleware {
  return async (ctx, next) => {
    const uploadId = ctx.query.uploadId;
    const listsOrAborts = ctx.method === 'GET' || ctx.method === 'DELETE';
    if (typeof uploadId !== 'string' || !listsOrAborts || ctx.query.partNumber !== undefined) return next();
    const [bucket = '', ...keyParts] = ctx.path.slice(1).split('/');
    const key = decodeURIComponent(keyParts.join('/'));
    const dir = path.join(store.getResourcePath(bucket, undefined, 'uploads'), path.basename(uploadId));
    ctx.type = 'application/xml';
    if (!fs.existsSync(dir)) {
      ctx.status = 404;
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message><UploadId>${uploadId}</UploadId></Error>`;
      return;
    }
    if (ctx.method === 'DELETE') {
      fs.rmSync(dir, { recursive: true, force: true });
      ctx.status = 204;
      ctx.body = '';
      return;
    }
    const marker = Number(ctx.query['part-number-marker'] ?? 0);
    const parts = fs
      .readdirSync(dir)
      .filter((name) => /^\d+$/.test(name) && Number(name) > marker)
      .map(Number)
      .sort((a, b) => a - b)
      .map((n) => {
        const stat = fs.statSync(path.join(dir, String(n)));
        const md5 = fs.readFileSync(path.join(dir, `${n}.md5`), 'utf8');
        return `<Part><PartNumber>${n}</PartNumber><LastModified>${stat.mtime.toISOString()}</LastModified><ETag>"${md5}"</ETag><Size>${stat.size}</Size></Part>`;
      });
    ctx.status = 200;
    ctx.body = `<?xml version="1.0" encoding="UTF-8"?><ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>${bucket}</Bucket><Key>${key}</Key><UploadId>${uploadId}</UploadId><PartNumberMarker>${marker}</PartNumberMarker><MaxParts>10000</MaxParts><IsTruncated>false</IsTruncated>${parts.join('')}</ListPartsResult>`;
  };
}

/** s3rver with the multipart calls it lacks (multipartShim). */
function newS3rver(options: ConstructorParameters<typeof S3rver>[0]): S3rver {
  const server = new S3rver(options);
  server.middleware.unshift(multipartShim(server.store));
  return server;
}

/** A real S3-compatible server (s3rver, objects in a temporary folder) on a loopback port. */
export async function startS3rver(): Promise<TestS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-s3-'));
  let server: S3rver | null = newS3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const store = () => {
    if (!server) throw new Error('s3rver is stopped');
    return server.store;
  };
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
    async keys(bucket, prefix) {
      const out = await admin.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      return (out.Contents ?? []).map((object) => object.Key ?? '').sort();
    },
    openMultipartUploads(bucket) {
      const dir = store().getResourcePath(bucket, undefined, 'uploads');
      return fs.existsSync(dir) ? fs.readdirSync(dir).length : 0;
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
      server = newS3rver({ address: '127.0.0.1', port, silent: true, directory });
      await server.run();
    },
    async close() {
      admin.destroy();
      await server?.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
