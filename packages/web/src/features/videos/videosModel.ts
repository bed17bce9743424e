import type { Video } from '@liao/protocol';

const STAGE: Record<Video['state'], number> = { uploading: 0, processing: 1, ready: 2, failed: 2 };

/**
 * Of two copies of one video, the later news: `incoming` unless `known` is further along (a
 * progress event that overtook the reply it followed must not be undone by that reply).
 */
export function newerVideo(known: Video, incoming: Video): Video {
  const a = STAGE[known.state];
  const b = STAGE[incoming.state];
  if (a !== b) return a > b ? known : incoming;
  return known.state === 'processing' && known.progress > incoming.progress ? known : incoming;
}

/** Newest first; ties by id so the order never flickers. */
function before(a: Video, b: Video): boolean {
  return a.createdAt !== b.createdAt ? a.createdAt > b.createdAt : a.id > b.id;
}

/** The list with `video` in its place: replaced where it is, else inserted newest first. */
export function upsertVideo(list: readonly Video[], video: Video): Video[] {
  const at = list.findIndex((v) => v.id === video.id);
  if (at >= 0) return list.map((v, i) => (i === at ? video : v));
  const next = list.findIndex((v) => before(video, v));
  return next < 0 ? [...list, video] : [...list.slice(0, next), video, ...list.slice(next)];
}

/** Whether a share button makes sense: a private video shared into a chat would arrive there as unavailable. */
export function canShareVideo(video: Video): boolean {
  return video.state === 'ready' && video.visibility !== 'private';
}
