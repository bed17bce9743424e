import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { StorageConfig } from '../config';

/**
 * Where media bytes live. The folder driver is the default; a cluster mounts one folder on
 * every node or uses object storage behind this same interface.
 */
export interface MediaStorage {
  /** Writes the object whole (to a temporary name first, so readers never see half a file). */
  put(key: string, data: Buffer): Promise<void>;
  /** Opens the object for reading, or null when it does not exist. */
  open(key: string): Promise<{ stream: Readable; size: number } | null>;
  /** Removes the object; removing a missing one is not an error. */
  remove(key: string): Promise<void>;
}

/** The storage the configuration names. */
export async function openMediaStorage(config: StorageConfig): Promise<MediaStorage> {
  if (config.driver === 'folder') return createFolderStorage(config.dir);
  throw new Error('LIAO_STORAGE=s3: the S3 driver is not wired in yet');
}

const KEY = /^[a-z0-9][a-z0-9/_.-]*$/;

export function createFolderStorage(root: string): MediaStorage {
  function fileOf(key: string): string {
    if (!KEY.test(key) || key.includes('..')) throw new Error(`bad media key ${key}`);
    return path.join(root, key);
  }
  return {
    async put(key, data) {
      const file = fileOf(key);
      await fsp.mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await fsp.writeFile(tmp, data);
      await fsp.rename(tmp, file);
    },
    async open(key) {
      const file = fileOf(key);
      try {
        const stat = await fsp.stat(file);
        return { stream: fs.createReadStream(file), size: stat.size };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async remove(key) {
      await fsp.rm(fileOf(key), { force: true });
    },
  };
}
