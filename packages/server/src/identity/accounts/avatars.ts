import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { makeAvatar } from '../../platform/media/images';
import * as q from './avatarQueries';

function avatarKey(id: string): string {
  return `avatars/${id}.webp`;
}

/** The URL an avatar is served at; ids are new per upload, so the URL can be cached forever. */
export function avatarUrl(avatarId: string | null): string | null {
  return avatarId ? `/api/media/avatars/${avatarId}` : null;
}

/** Checks and re-encodes an avatar upload and stores it; returns the new media id. */
export async function doStoreAvatar(ctx: AppContext, ownerId: string, input: Buffer): Promise<string> {
  const image = await makeAvatar(input);
  const id = newId();
  await ctx.media.put(avatarKey(id), image.data);
  await q.insertMedia(ctx.db, {
    id,
    owner_id: ownerId,
    kind: 'avatar',
    mime: image.mime,
    width: image.width,
    height: image.height,
    bytes: image.data.length,
    created_at: ctx.now(),
  });
  return id;
}

/** Drops an avatar that is no longer anyone's (after the owner replaced it). */
export async function doRemoveAvatar(ctx: AppContext, avatarId: string): Promise<void> {
  await q.deleteMedia(ctx.db, avatarId);
  await ctx.media.remove(avatarKey(avatarId));
}

/**
 * Opens an avatar for a signed-in viewer. Avatars are part of the public card that search
 * results show, so any signed-in user may load one; unknown ids are not found.
 */
export async function openAvatar(ctx: AppContext, avatarId: string) {
  const row = await q.getMedia(ctx.db, avatarId);
  if (row?.kind !== 'avatar') throw new AppError('MEDIA_NOT_FOUND');
  const file = await ctx.media.open(avatarKey(avatarId));
  if (!file) throw new AppError('MEDIA_NOT_FOUND');
  return { ...file, mime: row.mime };
}
