import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors';
import type { ByteRange, MediaStorage } from '../../platform/media/storage';

/**
 * Videos may change visibility, so a cached copy must not outlive the decision for long; long
 * enough that seeking back and forth is served from the browser's cache.
 */
const CACHE_CONTROL = 'private, max-age=600';

/**
 * Parses a single `bytes=` range against the size. Returns null when there is no usable Range
 * header (then the whole file is sent, as RFC 9110 allows for syntax we do not honour, such as
 * several ranges) and 'unsatisfiable' when it asks for bytes the file does not have.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return null;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || (to !== '' && Number(to) < start)) return 'unsatisfiable';
  return { start, end };
}

/**
 * Sends a stored object, or the byte range the request asks for (206), with the headers seeking
 * needs. A plain GET reads the object once; a ranged one asks its size first, to answer ranges
 * counted from the end and those beyond it.
 */
export async function sendStoredRange(
  request: FastifyRequest,
  reply: FastifyReply,
  media: MediaStorage,
  key: string,
  type: string,
): Promise<FastifyReply> {
  reply.type(type).header('accept-ranges', 'bytes').header('cache-control', CACHE_CONTROL);
  const head = request.method === 'HEAD';
  if (!request.headers.range && !head) {
    const opened = await media.open(key);
    if (!opened) throw new AppError('VIDEO_NOT_FOUND');
    return reply.header('content-length', opened.size).send(opened.stream);
  }
  const stat = await media.stat(key);
  if (!stat) throw new AppError('VIDEO_NOT_FOUND');
  const range = parseRange(request.headers.range, stat.size);
  if (range === 'unsatisfiable') {
    return reply.status(416).header('content-range', `bytes */${stat.size}`).send();
  }
  if (range) reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${stat.size}`);
  reply.header('content-length', range ? range.end - range.start + 1 : stat.size);
  // HEAD: the headers alone. Fastify would read a real stream through only to drop it (the
  // whole video, from the bucket) and sets Content-Length: 0 for no body, hence an empty one.
  if (head) return reply.send(Readable.from([]));
  const opened = await media.open(key, range ?? undefined);
  if (!opened) throw new AppError('VIDEO_NOT_FOUND');
  return reply.send(opened.stream);
}
