import type { Video, VideoCard, VideoFailure, VideoState, Visibility } from '@liao/protocol';
import type { VideoRow } from './queries';

function urlsOf(row: VideoRow) {
  const base = `/api/media/videos/${row.id}`;
  return row.state === 'ready'
    ? { posterUrl: `${base}/poster`, previewUrl: `${base}/preview`, streamUrl: `${base}/stream` }
    : { posterUrl: null, previewUrl: null, streamUrl: null };
}

export function toVideo(row: VideoRow): Video {
  return {
    id: row.id,
    ownerId: row.owner_id,
    caption: row.caption,
    visibility: row.visibility as Visibility,
    state: row.state as VideoState,
    durationMs: row.duration_ms,
    width: row.width,
    height: row.height,
    createdAt: row.created_at,
    ...urlsOf(row),
    progress: row.state === 'ready' ? 1 : Math.min(1, Math.max(0, row.progress)),
    error: row.state === 'failed' ? ((row.error ?? 'TRANSCODE_FAILED') as VideoFailure) : null,
  };
}

/** A chat card: the video as the viewer may see it, or blanked when they may not (or it is gone). */
export function toVideoCard(videoId: string, ownerId: string, row: VideoRow | undefined): VideoCard {
  if (!row)
    return {
      id: videoId,
      ownerId,
      caption: '',
      durationMs: 0,
      width: 0,
      height: 0,
      posterUrl: null,
      previewUrl: null,
      streamUrl: null,
      available: false,
    };
  return {
    id: row.id,
    ownerId: row.owner_id,
    caption: row.caption,
    durationMs: row.duration_ms,
    width: row.width,
    height: row.height,
    ...urlsOf(row),
    available: true,
  };
}
