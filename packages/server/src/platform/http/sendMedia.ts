import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Sends a stored image (an avatar, a chat picture). Media ids are new per upload, so a URL
 * always names the same bytes: cached for good, privately (they are shown to signed-in people).
 */
export function sendMedia(reply: FastifyReply, file: { mime: string; size: number; stream: Readable }) {
  return reply
    .type(file.mime)
    .header('content-length', file.size)
    .header('cache-control', 'private, max-age=31536000, immutable')
    .send(file.stream);
}
