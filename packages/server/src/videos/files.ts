import fsp from 'node:fs/promises';
import path from 'node:path';

/**
 * Where a video's files live on this node's disk: uploads in progress apart from finished
 * videos, so that an original is never under a served path. A cluster mounts one folder on
 * every node (ffmpeg needs real files, not the media storage's objects).
 */
export function videoFiles(dataDir: string) {
  const uploads = path.join(dataDir, 'video-uploads');
  const videos = path.join(dataDir, 'media', 'videos');
  return {
    uploadsDir: uploads,
    upload: (uploadId: string) => path.join(uploads, uploadId),
    original: (videoId: string) => path.join(uploads, `${videoId}.original`),
    dir: (videoId: string) => path.join(videos, videoId),
    stream: (videoId: string) => path.join(videos, videoId, 'stream.mp4'),
    poster: (videoId: string) => path.join(videos, videoId, 'poster.jpg'),
    preview: (videoId: string) => path.join(videos, videoId, 'preview.mp4'),
  };
}
export type VideoFiles = ReturnType<typeof videoFiles>;

/** Removes everything stored for a video: its original, its outputs. */
export async function removeVideoFiles(files: VideoFiles, videoId: string): Promise<void> {
  await fsp.rm(files.original(videoId), { force: true });
  await fsp.rm(files.dir(videoId), { recursive: true, force: true });
}
