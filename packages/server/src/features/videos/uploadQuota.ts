import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/database';
import { lockKey } from '../../platform/db/dialect';
import { AppError } from '../../platform/errors';
import * as q from './queries';

/**
 * Checks that the account may begin one more upload declaring `length` bytes: fewer unfinished
 * uploads than allowed, and their declared bytes with this one within the allowance. Takes
 * the account's upload lock first, so that uploads begun at the same moment are counted one
 * after another; call it inside the transaction that inserts the upload.
 */
export async function checkUploadQuota(
  ctx: AppContext,
  trx: Db,
  userId: string,
  length: number,
): Promise<void> {
  await lockKey(trx, ctx.store.dialect, `video-uploads:${userId}`);
  const { unfinishedUploadsPerUser, unfinishedBytesPerUser } = ctx.config.videos;
  const open = await q.countOpenUploads(trx, userId, ctx.now());
  if (open.uploads >= unfinishedUploadsPerUser) {
    throw new AppError(
      'TOO_MANY_UPLOADS',
      `You have ${open.uploads} unfinished video uploads, the most allowed; finish or cancel one first.`,
      { limit: unfinishedUploadsPerUser },
    );
  }
  if (open.bytes + length > unfinishedBytesPerUser) {
    throw new AppError(
      'TOO_MANY_UPLOAD_BYTES',
      'Your unfinished video uploads would declare more bytes than allowed; finish or cancel one first.',
      { limitBytes: unfinishedBytesPerUser, unfinishedBytes: open.bytes },
    );
  }
}
