import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { checkKey, checkPrefix } from './keys';
import type { MediaStorage } from './storage';
import { reportingUnavailable } from './unavailable';

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/** What a shared mount says when its server is gone (NFS, SMB) or the disk under it fails. */
const UNAVAILABLE_CODES = new Set(['ESTALE', 'ENOTCONN', 'ETIMEDOUT', 'EHOSTDOWN', 'EIO']);

function isUnavailable(error: unknown): boolean {
  return UNAVAILABLE_CODES.has((error as NodeJS.ErrnoException).code ?? '');
}

/**
 * Media in a folder: the key is the path under it (avatars/<id>.webp, images/<id>,
 * videos/<id>/stream.mp4). A cluster mounts the same folder on every node. Writes go to a
 * temporary name beside the target and are renamed into place, so a reader on any node sees the
 * whole object or none; the temporary name is random, as nodes may share process ids.
 */
export function createFolderStorage(root: string): MediaStorage {
  return reportingUnavailable(folderDriver(root), isUnavailable);
}

function folderDriver(root: string): MediaStorage {
  function fileOf(key: string): string {
    return path.join(root, checkKey(key));
  }
  function tempBeside(file: string): string {
    return `${file}.${randomUUID()}.tmp`;
  }
  async function placeFile(file: string, fill: (tmp: string) => Promise<void>): Promise<void> {
    await fsp.mkdir(path.dirname(file), { recursive: true });
    const tmp = tempBeside(file);
    try {
      await fill(tmp);
      await fsp.rename(tmp, file);
    } catch (error) {
      await fsp.rm(tmp, { force: true });
      throw error;
    }
  }

  return {
    async put(key, data) {
      await placeFile(fileOf(key), (tmp) => fsp.writeFile(tmp, data));
    },

    async putFile(key, localPath) {
      const file = fileOf(key);
      await fsp.mkdir(path.dirname(file), { recursive: true });
      try {
        await fsp.rename(localPath, file);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      }
      // Another file system (a local temp folder, a shared mount): copy, then let go of it.
      await placeFile(file, (tmp) => fsp.copyFile(localPath, tmp));
      await fsp.rm(localPath, { force: true });
    },

    async open(key, range) {
      let handle: fsp.FileHandle;
      try {
        handle = await fsp.open(fileOf(key), 'r');
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
      try {
        // The size of the file opened, not of whatever the name points to a moment later.
        const { size } = await handle.stat();
        const stream = handle.createReadStream(range ? { start: range.start, end: range.end } : {});
        return { stream, size };
      } catch (error) {
        await handle.close();
        throw error;
      }
    },

    async stat(key) {
      try {
        return { size: (await fsp.stat(fileOf(key))).size };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async getToFile(key, localPath) {
      const file = fileOf(key);
      try {
        await fsp.copyFile(file, localPath);
        return true;
      } catch (error) {
        // ENOENT may be about either side: only a missing object is "not there".
        if (isMissing(error) && !fs.existsSync(file)) return false;
        throw error;
      }
    },

    async remove(key) {
      await fsp.rm(fileOf(key), { force: true });
    },

    async removePrefix(prefix) {
      await fsp.rm(path.join(root, checkPrefix(prefix)), { recursive: true, force: true });
    },

    async ping() {
      await fsp.mkdir(root, { recursive: true });
      await fsp.access(root, fs.constants.R_OK | fs.constants.W_OK);
    },

    async close() {},
  };
}
