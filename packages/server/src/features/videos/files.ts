import fsp from 'node:fs/promises';
import path from 'node:path';
import type { MediaStorage } from '../../platform/media/storage';

/**
 * With media in a folder, uploads in progress (tus) are files on disk under the data folder,
 * appended to chunk by chunk; in a cluster that folder must be one folder shared by every node
 * (the same mount as the media folder will do), because the balancer may send each PATCH of an
 * upload to a different node. With media in a bucket they are in the bucket (uploadStores.ts),
 * and a finished one is copied here only to be probed. Once complete and checked, the upload
 * moves into the media storage as the video's original.
 */
export function videoFiles(dataDir: string) {
  const uploads = path.join(dataDir, 'video-uploads');
  return {
    uploadsDir: uploads,
    upload: (uploadId: string) => path.join(uploads, uploadId),
    /**
     * Where an original waited before originals moved into the media storage; a video still
     * processing across that upgrade has its original here (the transcode job moves it).
     */
    legacyOriginal: (videoId: string) => path.join(uploads, `${videoId}.original`),
  };
}
export type VideoFiles = ReturnType<typeof videoFiles>;

/**
 * A video's objects in the media storage, all under one prefix. The original is there only
 * until the transcode is done, for whichever node's transcoder takes the job; no route serves it.
 */
export const videoKeys = {
  prefix: (videoId: string) => `videos/${videoId}/`,
  original: (videoId: string) => `videos/${videoId}/original`,
  stream: (videoId: string) => `videos/${videoId}/stream.mp4`,
  poster: (videoId: string) => `videos/${videoId}/poster.jpg`,
  preview: (videoId: string) => `videos/${videoId}/preview.mp4`,
};

/** Removes everything stored for a video: its original, its outputs. */
export async function removeVideoFiles(
  media: MediaStorage,
  files: VideoFiles,
  videoId: string,
): Promise<void> {
  await media.removePrefix(videoKeys.prefix(videoId));
  await fsp.rm(files.legacyOriginal(videoId), { force: true });
}
