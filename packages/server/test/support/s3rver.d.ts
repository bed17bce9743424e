// s3rver ships no types; this is the part of its API the tests use.
declare module 's3rver' {
  import type { AddressInfo } from 'node:net';

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory: string;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
  }

  /** s3rver is a Koa application; these are the parts of Koa's context the tests' shim uses. */
  export interface S3rverContext {
    method: string;
    path: string;
    query: Record<string, string | string[] | undefined>;
    status: number;
    type: string;
    body: unknown;
  }
  export type S3rverMiddleware = (ctx: S3rverContext, next: () => Promise<void>) => Promise<void>;
  /** Its filesystem store. */
  export interface S3rverStore {
    /** Where a bucket's (or an object's) resource of that kind lives on disk. */
    getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  }

  export default class S3rver {
    constructor(options: S3rverOptions);
    middleware: S3rverMiddleware[];
    store: S3rverStore;
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }
}
