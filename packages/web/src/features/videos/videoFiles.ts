import { VIDEO_MAX_BYTES } from '@liao/protocol';

/** The containers the server accepts (it checks the bytes again; this only spares a doomed upload). */
const VIDEO_TYPES = ['video/mp4', 'video/quicktime', 'video/webm'];
/** Some systems report no type for a .mov or .webm: the name decides then. */
const VIDEO_EXTENSIONS = /\.(mp4|m4v|mov|webm)$/i;

export const VIDEO_ACCEPT = [...VIDEO_TYPES, '.mp4', '.mov', '.webm'].join(',');

export type VideoFileProblem = 'type' | 'size' | 'empty';

/** Why a picked file cannot be posted as a video, or null when it may be tried. */
export function checkVideoFile(file: Pick<File, 'name' | 'size' | 'type'>): VideoFileProblem | null {
  const typeOk = file.type ? VIDEO_TYPES.includes(file.type) : VIDEO_EXTENSIONS.test(file.name);
  if (!typeOk) return 'type';
  if (file.size === 0) return 'empty';
  if (file.size > VIDEO_MAX_BYTES) return 'size';
  return null;
}

/**
 * The same file picked again after a reload: tus clients know it by name, size and modification
 * time (the bytes are not read to tell), per account so one person never resumes another's upload.
 */
export function videoFingerprint(userId: string, file: Pick<File, 'name' | 'size' | 'lastModified'>): string {
  return `${userId}/${file.name}/${file.size}/${file.lastModified}`;
}

/** "1:05" for a video's length. */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${seconds.toString().padStart(2, '0')}`;
}
