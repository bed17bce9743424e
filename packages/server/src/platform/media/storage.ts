import type { Readable } from 'node:stream';
import type { StorageConfig } from '../config';
import { createFolderStorage } from './folderStorage';

export { MediaStorageUnavailable } from './unavailable';

/** Bytes `start` to `end` of an object, both included (as in an HTTP Range). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface OpenedObject {
  /** The whole object, or only the range asked for. */
  stream: Readable;
  /** The whole object's size, whatever range was asked for (Content-Range needs it). */
  size: number;
}

/**
 * Where media bytes live: avatars, chat images and thumbnails, videos and their posters and
 * previews, and a video's original until it is transcoded. Every node of a cluster must reach
 * the same objects, so the drivers are a folder every node mounts (the default) and an
 * S3-compatible bucket. Objects are written whole and never changed; their keys name new ids.
 *
 * Errors other than "not there" are thrown, never taken for a missing object: a storage out of
 * reach as MediaStorageUnavailable, anything else (a bad key, access denied) as it is.
 */
export interface MediaStorage {
  /** Writes the object whole; readers never see half of it. */
  put(key: string, data: Buffer): Promise<void>;
  /**
   * Stores a local file under the key, consuming it: the file is gone afterwards (the folder
   * driver renames it into place when it can, which costs nothing for a large video).
   */
  putFile(key: string, localPath: string): Promise<void>;
  /** Opens the object (or a range of it) for reading, or null when it does not exist. */
  open(key: string, range?: ByteRange): Promise<OpenedObject | null>;
  /** The object's size, or null when it does not exist. */
  stat(key: string): Promise<{ size: number } | null>;
  /** Copies the object to a local file (ffmpeg reads files); false when it does not exist. */
  getToFile(key: string, localPath: string): Promise<boolean>;
  /** Removes the object; removing a missing one is not an error. */
  remove(key: string): Promise<void>;
  /** Removes every object whose key starts with the prefix, which ends with '/'. */
  removePrefix(prefix: string): Promise<void>;
  /** Resolves when the storage answers (readiness); rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The storage the configuration names. */
export async function openMediaStorage(config: StorageConfig): Promise<MediaStorage> {
  if (config.driver === 'folder') return createFolderStorage(config.dir);
  // Loaded only when used: the AWS SDK adds a tenth of a second to every start otherwise.
  const { createS3Storage } = await import('./s3Storage');
  return createS3Storage(config);
}
