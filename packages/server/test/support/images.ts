import zlib from 'node:zlib';
import type { LiaoClient } from '@liao/client';
import type { Message, UploadedImage } from '@liao/protocol';
import sharp from 'sharp';
import { newClientId } from './chat-fixtures';
import { http, type RawResponse } from './http';

/** Test images made with sharp: a gradient-free block of colour is enough for the server. */
export function makeImage(
  format: 'png' | 'jpeg' | 'webp' | 'gif',
  width = 300,
  height = 200,
): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 60 } } });
  return image[format]().toBuffer();
}

/** A JPEG that carries EXIF, including where the photo was taken (GPS). */
export function makeJpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 320, height: 240, channels: 3, background: '#3366aa' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Spyphone', Model: 'X1', Artist: 'Someone Private' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '39/1 54/1 2676/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '116/1 23/1 2925/100',
      },
    })
    .toBuffer();
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A decompression bomb: a few dozen bytes whose PNG header claims `width × height` pixels
 * (10 billion by default, 30 GB once decoded). Built by hand, because no encoder would make it.
 */
export function makePngBomb(width = 100_000, height = 100_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // colour type: RGB
  ihdr.writeUInt8(0, 10); // compression
  ihdr.writeUInt8(0, 11); // filter
  ihdr.writeUInt8(0, 12); // interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(64))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Uploading and fetching media over HTTP, against whichever server (node) is named.

/** PUT /api/me/avatar. */
export function uploadAvatar(baseUrl: string, token: string, image: Buffer, type = 'image/png') {
  return http(baseUrl, 'PUT', '/api/me/avatar', { token, rawBody: image, headers: { 'content-type': type } });
}

/** POST an image into a conversation (to send in a message afterwards). */
export function uploadChatImage(
  baseUrl: string,
  token: string,
  conversationId: string,
  image: Buffer,
  type = 'image/png',
): Promise<RawResponse> {
  return http(baseUrl, 'POST', `/api/conversations/${conversationId}/images`, {
    token,
    rawBody: image,
    headers: { 'content-type': type },
  });
}

/**
 * Sends an uploaded image as a message over the sender's live connection (opened if need be):
 * only then may the chat's other members load it.
 */
export async function sendChatImage(
  client: LiaoClient,
  conversationId: string,
  image: UploadedImage,
): Promise<Message> {
  if (client.connectionState !== 'open') await client.connect();
  const { message } = await client.request('message.send', {
    conversationId,
    clientId: newClientId(),
    content: { kind: 'image', ...image },
  });
  return message;
}

/** GETs a media URL as the token's user, with the bytes as they came. */
export async function fetchMedia(
  baseUrl: string,
  url: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<{ res: Response; bytes: Buffer }> {
  const res = await fetch(baseUrl + url, { headers: { authorization: `Bearer ${token}`, ...headers } });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}
