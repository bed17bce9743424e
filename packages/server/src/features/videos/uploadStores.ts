import fsp from 'node:fs/promises';
import { FileStore } from '@tus/file-store';
import { type DataStore, ERRORS } from '@tus/utils';
import type { AppContext } from '../../platform/context';
import type { VideoFiles } from './files';

/**
 * Where tus keeps uploads in progress, and how the server gets at a finished one. With media in
 * a folder, each upload is a file in the data folder's video-uploads, appended to as chunks
 * arrive (every node of a cluster mounts that folder). With media in an S3 bucket, uploads go
 * straight into that bucket under `video-uploads/`, as multipart uploads (@tus/s3-store), so a
 * cluster shares nothing but the bucket; a chunk smaller than S3's 5 MiB part waits there as
 * `<id>.part` until the next one completes it.
 */
export interface UploadBytes {
  store: DataStore;
  /** The id tus knows an upload by (its file name, or its key in the bucket). */
  tusId(uploadId: string): string;
  /** Ours again, from tus's id. */
  uploadId(tusId: string): string;
  /** A local file with the finished upload's bytes, to probe; putFile may then consume it. */
  localCopy(uploadId: string): Promise<string>;
  /** Removes every byte of the upload, finished or not, and what tus recorded of it. */
  forget(uploadId: string): Promise<void>;
  close(): void;
}

export async function openUploadBytes(ctx: AppContext, files: VideoFiles): Promise<UploadBytes> {
  const storage = ctx.config.storage;
  return storage.driver === 's3' ? bucketUploads(ctx, files, storage) : folderUploads(files);
}

function folderUploads(files: VideoFiles): UploadBytes {
  const store = new FileStore({ directory: files.uploadsDir });
  return {
    store,
    tusId: (uploadId) => uploadId,
    uploadId: (tusId) => tusId,
    localCopy: async (uploadId) => files.upload(uploadId),
    async forget(uploadId) {
      // The bytes may be gone already (moved into the media storage): the record is left.
      await store.remove(uploadId).catch(() => store.configstore.delete(uploadId).catch(() => {}));
    },
    close() {},
  };
}

const BUCKET_PREFIX = 'video-uploads/';

async function bucketUploads(
  ctx: AppContext,
  files: VideoFiles,
  config: Extract<AppContext['config']['storage'], { driver: 's3' }>,
): Promise<UploadBytes> {
  // Loaded only when used, like the media storage's S3 driver: the AWS SDK slows every start.
  const [{ S3Store }, { s3ClientConfig }] = await Promise.all([
    import('@tus/s3-store'),
    import('../../platform/media/s3Client'),
  ]);
  /** S3Store keeps its client to itself; shutting down closes the client's sockets. */
  class ClosingS3Store extends S3Store {
    close(): void {
      this.client.destroy();
    }
  }
  const store = new ClosingS3Store({
    s3ClientConfig: { ...s3ClientConfig(config), bucket: config.bucket },
    // Expiry is ours (uploadSweeper.ts), and tagging is not offered by every S3-compatible server.
    useTags: false,
  });
  // Only what the routes accept, as with the folder.
  store.extensions = ['creation', 'termination'];
  const key = (uploadId: string) => `${BUCKET_PREFIX}${uploadId}`;
  return {
    store,
    tusId: key,
    uploadId: (tusId) => tusId.slice(BUCKET_PREFIX.length),
    async localCopy(uploadId) {
      await fsp.mkdir(files.uploadsDir, { recursive: true });
      const file = files.upload(uploadId);
      if (!(await ctx.media.getToFile(key(uploadId), file)))
        throw new Error(`finished upload ${uploadId} is not in the bucket`);
      return file;
    },
    async forget(uploadId) {
      try {
        // Aborts the multipart upload, which holds the parts of one still in progress.
        await store.remove(key(uploadId));
      } catch (error) {
        // Completed (nothing to abort) or never begun: the objects below are all there is.
        if (error !== ERRORS.FILE_NOT_FOUND) throw error;
      }
      for (const suffix of ['', '.info', '.part']) await ctx.media.remove(key(uploadId) + suffix);
      await fsp.rm(files.upload(uploadId), { force: true });
    },
    close: () => store.close(),
  };
}
