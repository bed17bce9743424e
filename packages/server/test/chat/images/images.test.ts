import fs from 'node:fs';
import path from 'node:path';
import { MAX_IMAGE_BYTES, type Message, type UploadedImage } from '@liao/protocol';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/platform/config';
import { expectError } from '../../support/builders';
import { newClientId } from '../../support/chat-fixtures';
import { codeOf, makeGroupOf, makePeople, type Person, viewOf } from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http } from '../../support/http';
import { makeImage, makeJpegWithGps, makePngBomb } from '../../support/images';

/** A PNG whose EXIF says "rotate 90° clockwise to show": 300×200 stored, 200×300 seen. */
function makeSidewaysPng(): Promise<Buffer> {
  return sharp({ create: { width: 300, height: 200, channels: 3, background: '#c03' } })
    .png()
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** A two-frame animated GIF. */
async function makeAnimatedGif(): Promise<Buffer> {
  const frame = (colour: string) =>
    sharp({ create: { width: 60, height: 40, channels: 4, background: colour } })
      .png()
      .toBuffer();
  return sharp([await frame('#f00'), await frame('#00f')], { join: { animated: true } })
    .gif({ delay: [100, 100] })
    .toBuffer();
}

function tokenOf(p: Person): string {
  return p.client.api.http.token ?? '';
}

describeEachStore('chat images', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  const imagesDir = () => path.join(t.dataDir, 'media', 'images');
  const imageFiles = () => (fs.existsSync(imagesDir()) ? fs.readdirSync(imagesDir()).sort() : []);
  const imageRows = (conversationId: string) =>
    t.server.ctx.db.selectFrom('images').selectAll().where('conversation_id', '=', conversationId).execute();

  function upload(p: Person | null, conversationId: string, body: Buffer | string, type: string) {
    return http(t.url, 'POST', `/api/conversations/${conversationId}/images`, {
      ...(p ? { token: tokenOf(p) } : {}),
      rawBody: body,
      headers: { 'content-type': type },
    });
  }

  async function uploaded(
    p: Person,
    conversationId: string,
    body: Buffer,
    type: string,
  ): Promise<UploadedImage> {
    const res = await upload(p, conversationId, body, type);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as UploadedImage;
  }

  async function fetchImage(p: Person | null, url: string) {
    const res = await fetch(t.url + url, p ? { headers: { authorization: `Bearer ${tokenOf(p)}` } } : {});
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  async function sendImage(p: Person, conversationId: string, content: UploadedImage): Promise<Message> {
    const { message } = await p.client.request('message.send', {
      conversationId,
      clientId: newClientId(),
      content: { kind: 'image', ...content },
    });
    return message;
  }

  /** Two friends, connected, and their one-to-one chat. */
  async function makeChat() {
    const [a, b] = (await people.crowd(2)) as [Person, Person];
    await people.befriend(a, b);
    const conversationId = await a.client.api.openDirect(b.id);
    return { a, b, conversationId };
  }

  /** Uploads, and asserts the refusal stored neither a row nor a file. */
  async function expectUploadRefused(
    p: Person | null,
    conversationId: string,
    body: Buffer | string,
    type: string,
    status: number,
    code: string,
  ) {
    const files = imageFiles();
    expectError(await upload(p, conversationId, body, type), status, code);
    expect(await imageRows(conversationId)).toEqual([]);
    expect(imageFiles()).toEqual(files);
  }

  describe('upload and send', () => {
    it('a sideways PNG comes back upright without metadata, with a smaller thumbnail; the message carries the measured size', async () => {
      const { a, b, conversationId } = await makeChat();
      const image = await uploaded(a, conversationId, await makeSidewaysPng(), 'image/png');
      expect(image).toMatchObject({ width: 200, height: 300 });
      expect(image.imageId).toMatch(/^[0-9a-f-]{36}$/);

      // The client claims another size; the server stores the one it measured.
      const heard = b.client.waitForEvent('message.new', (e) => e.message.conversationId === conversationId);
      const message = await sendImage(a, conversationId, { ...image, width: 1, height: 1 });
      expect(message.content).toEqual({ kind: 'image', imageId: image.imageId, width: 200, height: 300 });
      expect((await heard).message).toEqual(message);
      expect((await viewOf(b.client, conversationId)).lastMessage).toEqual(message);

      const full = await fetchImage(b, `/api/media/images/${image.imageId}`);
      expect(full.res.status).toBe(200);
      expect(full.res.headers.get('content-type')).toBe('image/webp');
      expect(full.res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
      expect(full.res.headers.get('x-content-type-options')).toBe('nosniff');
      const meta = await sharp(full.bytes).metadata();
      expect(meta).toMatchObject({ format: 'webp', width: 200, height: 300 });
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation).toBeUndefined();

      const thumb = await fetchImage(b, `/api/media/images/${image.imageId}/thumb`);
      expect(thumb.res.status).toBe(200);
      expect(thumb.res.headers.get('content-type')).toBe('image/webp');
      expect(thumb.res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
      expect(await sharp(thumb.bytes).metadata()).toMatchObject({ format: 'webp', width: 200, height: 300 });

      const [row] = await imageRows(conversationId);
      expect(row).toMatchObject({ uploader_id: a.id, width: 200, height: 300, mime: 'image/webp' });
      expect(Number(row?.bytes)).toBe(full.bytes.length);
    });

    it('a large photo is scaled to 4096 px on its long side, stays JPEG, and loses its EXIF and GPS; the thumbnail fits 400 px', async () => {
      const { a, conversationId } = await makeChat();
      const wide = await uploaded(a, conversationId, await makeImage('png', 5000, 1000), 'image/png');
      expect(wide).toMatchObject({ width: 4096, height: 819 });
      const thumb = await fetchImage(a, `/api/media/images/${wide.imageId}/thumb`);
      expect(await sharp(thumb.bytes).metadata()).toMatchObject({ width: 400, height: 80 });
      const full = await fetchImage(a, `/api/media/images/${wide.imageId}`);
      expect(thumb.bytes.length).toBeLessThan(full.bytes.length);

      const photo = await uploaded(a, conversationId, await makeJpegWithGps(), 'image/jpeg');
      const served = await fetchImage(a, `/api/media/images/${photo.imageId}`);
      expect(served.res.headers.get('content-type')).toBe('image/jpeg');
      const meta = await sharp(served.bytes).metadata();
      expect(meta).toMatchObject({ format: 'jpeg', width: 320, height: 240 });
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(served.bytes.includes(Buffer.from('Spyphone'))).toBe(false);
      expect(served.bytes.includes(Buffer.from('Someone Private'))).toBe(false);
    });

    it('an animated GIF stays animated (as WebP); its thumbnail is the first frame', async () => {
      const { a, conversationId } = await makeChat();
      const image = await uploaded(a, conversationId, await makeAnimatedGif(), 'image/gif');
      expect(image).toMatchObject({ width: 60, height: 40 });
      const full = await fetchImage(a, `/api/media/images/${image.imageId}`);
      expect(await sharp(full.bytes, { animated: true }).metadata()).toMatchObject({
        format: 'webp',
        pages: 2,
        width: 60,
        pageHeight: 40,
      });
      const thumb = await fetchImage(a, `/api/media/images/${image.imageId}/thumb`);
      const thumbMeta = await sharp(thumb.bytes, { animated: true }).metadata();
      expect(thumbMeta).toMatchObject({ format: 'webp', width: 60, height: 40 });
      expect(thumbMeta.pages ?? 1).toBe(1);
    });

    it('the type is checked by content: a WebP declared as JPEG is taken; WebP in a group too', async () => {
      const { owner, conversationId } = await makeGroupOf(people, 2);
      const image = await uploaded(owner, conversationId, await makeImage('webp', 120, 90), 'image/jpeg');
      expect(image).toMatchObject({ width: 120, height: 90 });
      const message = await sendImage(owner, conversationId, image);
      expect(message.content).toMatchObject({ kind: 'image', width: 120, height: 90 });
    });
  });

  describe('refused uploads (nothing stored)', () => {
    it('a decompression bomb (100,000 × 100,000 claimed in a tiny PNG): 422 IMAGE_TOO_LARGE, before decoding', async () => {
      const { a, conversationId } = await makeChat();
      const bomb = makePngBomb();
      expect(bomb.length).toBeLessThan(200);
      const started = Date.now();
      await expectUploadRefused(a, conversationId, bomb, 'image/png', 422, 'IMAGE_TOO_LARGE');
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('text renamed to .png, and an empty body: 422 INVALID_IMAGE', async () => {
      const { a, conversationId } = await makeChat();
      await expectUploadRefused(
        a,
        conversationId,
        'hello, I am not a picture',
        'image/png',
        422,
        'INVALID_IMAGE',
      );
      await expectUploadRefused(
        a,
        conversationId,
        '<svg xmlns="http://www.w3.org/2000/svg"/>',
        'image/png',
        422,
        'INVALID_IMAGE',
      );
      const truncated = (await makeImage('png', 400, 400)).subarray(0, 60);
      await expectUploadRefused(a, conversationId, truncated, 'image/png', 422, 'INVALID_IMAGE');
    });

    it('past 20 MB: 413 PAYLOAD_TOO_LARGE', async () => {
      const { a, conversationId } = await makeChat();
      const big = Buffer.concat([await makeImage('png'), Buffer.alloc(MAX_IMAGE_BYTES)]);
      await expectUploadRefused(a, conversationId, big, 'image/png', 413, 'PAYLOAD_TOO_LARGE');
    });

    it('a body that does not say it is an image: 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const { a, conversationId } = await makeChat();
      const png = await makeImage('png');
      for (const type of ['application/json', 'text/plain', 'application/octet-stream', 'image/svg+xml']) {
        await expectUploadRefused(a, conversationId, png, type, 415, 'UNSUPPORTED_MEDIA_TYPE');
      }
    });

    it('only someone who may send there: signed out 401, not a member 404, no longer friends 403, removed 404', async () => {
      const { a, b, conversationId } = await makeChat();
      const png = await makeImage('png');
      const [stranger] = (await people.crowd(1)) as [Person];
      await expectUploadRefused(null, conversationId, png, 'image/png', 401, 'UNAUTHENTICATED');
      await expectUploadRefused(stranger, conversationId, png, 'image/png', 404, 'CONVERSATION_NOT_FOUND');
      await expectUploadRefused(
        a,
        '01890000-0000-7000-8000-000000000000',
        png,
        'image/png',
        404,
        'CONVERSATION_NOT_FOUND',
      );
      await a.client.api.deleteFriend(b.id);
      await expectUploadRefused(a, conversationId, png, 'image/png', 403, 'NOT_FRIENDS');

      const { owner, members, conversationId: groupId } = await makeGroupOf(people, 2);
      const removed = members[0] as Person;
      await owner.client.api.removeMember(groupId, removed.id);
      await expectUploadRefused(removed, groupId, png, 'image/png', 404, 'CONVERSATION_NOT_FOUND');
    });

    it('an ill-formed conversation id: 400 VALIDATION_FAILED', async () => {
      const { a } = await makeChat();
      expectError(await upload(a, 'nope', await makeImage('png'), 'image/png'), 400, 'VALIDATION_FAILED');
    });
  });

  describe('sending an image message', () => {
    it('refuses an image uploaded by someone else, into another chat, or never: IMAGE_NOT_FOUND, nothing stored', async () => {
      const { a, b, conversationId } = await makeChat();
      const theirs = await uploaded(b, conversationId, await makeImage('png'), 'image/png');
      const other = await makeChat();
      await people.befriend(a, other.b);
      const elsewhereId = await a.client.api.openDirect(other.b.id);
      const elsewhere = await uploaded(a, elsewhereId, await makeImage('png'), 'image/png');
      const before = await viewOf(a.client, conversationId);

      for (const image of [
        theirs,
        elsewhere,
        { imageId: '01890000-0000-7000-8000-000000000000', width: 10, height: 10 },
      ]) {
        expect(await codeOf(sendImage(a, conversationId, image))).toBe('IMAGE_NOT_FOUND');
      }
      expect((await viewOf(a.client, conversationId)).lastSeq).toBe(before.lastSeq);
      // b may send their own.
      expect((await sendImage(b, conversationId, theirs)).content).toMatchObject({ imageId: theirs.imageId });
    });

    it('ill-formed image content is refused by the schema: VALIDATION_FAILED', async () => {
      const { a, conversationId } = await makeChat();
      const image = await uploaded(a, conversationId, await makeImage('png'), 'image/png');
      const bad: unknown[] = [
        { kind: 'image', imageId: image.imageId },
        { kind: 'image', imageId: 'nope', width: 10, height: 10 },
        { kind: 'image', imageId: image.imageId, width: 0, height: 10 },
        { kind: 'image', imageId: image.imageId, width: 10.5, height: 10 },
        { kind: 'image', imageId: image.imageId, width: 10, height: 10, url: 'https://evil.example/x.png' },
      ];
      for (const content of bad) {
        const sending = a.client.request('message.send', {
          conversationId,
          clientId: newClientId(),
          content: content as { kind: 'text'; text: string },
        });
        expect(await codeOf(sending)).toBe('VALIDATION_FAILED');
      }
    });

    it('a resend with the same client id gets the first message, not a second', async () => {
      const { a, conversationId } = await makeChat();
      const image = await uploaded(a, conversationId, await makeImage('png'), 'image/png');
      const clientId = newClientId();
      const send = () =>
        a.client.request('message.send', { conversationId, clientId, content: { kind: 'image', ...image } });
      const first = await send();
      const again = await send();
      expect(again.message).toEqual(first.message);
    });
  });

  describe('serving', () => {
    it('only to signed-in members: signed out 401, a non-member 404, a removed member 404, a former member who left 404', async () => {
      const { owner, members, conversationId } = await makeGroupOf(people, 3);
      const [stays, removed, leaves] = members as [Person, Person, Person];
      const [stranger] = (await people.crowd(1)) as [Person];
      const image = await uploaded(owner, conversationId, await makeImage('png'), 'image/png');
      await sendImage(owner, conversationId, image);
      for (const url of [`/api/media/images/${image.imageId}`, `/api/media/images/${image.imageId}/thumb`]) {
        expect((await fetchImage(stays, url)).res.status).toBe(200);
        expectError(await http(t.url, 'GET', url), 401, 'UNAUTHENTICATED');
        expectError(await http(t.url, 'GET', url, { token: tokenOf(stranger) }), 404, 'MEDIA_NOT_FOUND');
      }
      expect((await fetchImage(removed, `/api/media/images/${image.imageId}`)).res.status).toBe(200);
      await owner.client.api.removeMember(conversationId, removed.id);
      await leaves.client.api.leaveGroup(conversationId);
      for (const p of [removed, leaves]) {
        for (const url of [
          `/api/media/images/${image.imageId}`,
          `/api/media/images/${image.imageId}/thumb`,
        ]) {
          expectError(await http(t.url, 'GET', url, { token: tokenOf(p) }), 404, 'MEDIA_NOT_FOUND');
        }
      }
    });

    it('[issue 14.6] as history: not an image sent before a member joined or cleared the chat, only later ones; an unsent one only to its uploader', async () => {
      const { owner, members, conversationId } = await makeGroupOf(people, 2);
      const [stays, clears] = members as [Person, Person];
      const [late] = (await people.crowd(1)) as [Person];
      await people.befriend(owner, late);
      const png = await makeImage('png');
      const before = await uploaded(owner, conversationId, png, 'image/png');
      await sendImage(owner, conversationId, before);
      await owner.client.api.inviteMembers(conversationId, [late.id]);
      const after = await uploaded(owner, conversationId, png, 'image/png');
      await sendImage(owner, conversationId, after);
      const unsent = await uploaded(owner, conversationId, png, 'image/png');

      const status = async (p: Person, image: UploadedImage) => {
        const codes: number[] = [];
        for (const url of [
          `/api/media/images/${image.imageId}`,
          `/api/media/images/${image.imageId}/thumb`,
        ]) {
          const res = await http(t.url, 'GET', url, { token: tokenOf(p) });
          if (res.status === 404) expectError(res, 404, 'MEDIA_NOT_FOUND');
          codes.push(res.status);
        }
        return codes;
      };
      const SERVED = [200, 200];
      const HIDDEN = [404, 404];
      expect(await status(late, before)).toEqual(HIDDEN);
      expect(await status(late, after)).toEqual(SERVED);
      for (const p of [owner, stays, clears]) {
        expect(await status(p, before)).toEqual(SERVED);
        expect(await status(p, after)).toEqual(SERVED);
      }
      expect(await status(owner, unsent)).toEqual(SERVED);
      for (const p of [stays, late]) expect(await status(p, unsent)).toEqual(HIDDEN);

      // Deleting the chat from one's list clears its history so far: its images go with it.
      await clears.client.api.deleteConversation(conversationId);
      expect(await status(clears, before)).toEqual(HIDDEN);
      expect(await status(clears, after)).toEqual(HIDDEN);
      await sendImage(owner, conversationId, unsent);
      expect(await status(clears, unsent)).toEqual(SERVED);
      expect(await status(late, unsent)).toEqual(SERVED);
    });

    it('unknown and ill-formed ids: 404 MEDIA_NOT_FOUND and 400 VALIDATION_FAILED', async () => {
      const { a } = await makeChat();
      const token = tokenOf(a);
      expectError(
        await http(t.url, 'GET', '/api/media/images/01890000-0000-7000-8000-000000000000', { token }),
        404,
        'MEDIA_NOT_FOUND',
      );
      for (const bad of ['nope', '..%2F..%2Fliao.db', '..%2Favatars%2Fx']) {
        expectError(
          await http(t.url, 'GET', `/api/media/images/${bad}`, { token }),
          400,
          'VALIDATION_FAILED',
        );
        expectError(
          await http(t.url, 'GET', `/api/media/images/${bad}/thumb`, { token }),
          400,
          'VALIDATION_FAILED',
        );
      }
    });
  });
});

describeEachStore('chat image upload rate', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);
  beforeAll(async () => {
    t = await startTestServer(store, {
      configure: (config) => {
        config.rateLimits.imageUploadsPerUser = { limit: 2, windowMs: 60_000 };
      },
    });
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  it('past the limit: 429 RATE_LIMITED with Retry-After, for that user only', async () => {
    const [a, b] = (await people.crowd(2)) as [Person, Person];
    await people.befriend(a, b);
    const conversationId = await a.client.api.openDirect(b.id);
    const png = await makeImage('png');
    const post = (p: Person) =>
      http(t.url, 'POST', `/api/conversations/${conversationId}/images`, {
        token: tokenOf(p),
        rawBody: png,
        headers: { 'content-type': 'image/png' },
      });
    expect((await post(a)).status).toBe(201);
    expect((await post(a)).status).toBe(201);
    const refused = await post(a);
    expectError(refused, 429, 'RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await post(b)).status).toBe(201);
    t.clock.advance(61_000);
    expect((await post(a)).status).toBe(201);
  });
});

describeEachStore('chat images per minute', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);
  beforeAll(async () => {
    // Set as an operator would; loadConfig reads the same variable at start.
    const { rateLimits } = loadConfig({ LIAO_CHAT_IMAGES_PER_MINUTE: '3' });
    t = await startTestServer(store, {
      configure: (config) => {
        config.rateLimits.imageUploadsPerUserPerMinute = rateLimits.imageUploadsPerUserPerMinute;
      },
    });
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  it('a burst past LIAO_CHAT_IMAGES_PER_MINUTE is 429 RATE_LIMITED, told to wait under a minute; the next minute takes more', async () => {
    const [a, b] = (await people.crowd(2)) as [Person, Person];
    await people.befriend(a, b);
    const conversationId = await a.client.api.openDirect(b.id);
    const png = await makeImage('png');
    const post = () =>
      http(t.url, 'POST', `/api/conversations/${conversationId}/images`, {
        token: tokenOf(a),
        rawBody: png,
        headers: { 'content-type': 'image/png' },
      });
    const burst = await Promise.all(Array.from({ length: 10 }, post));
    expect(burst.filter((r) => r.status === 201)).toHaveLength(3);
    const refused = burst.filter((r) => r.status !== 201);
    for (const r of refused) expectError(r, 429, 'RATE_LIMITED');
    const wait = Number(refused[0]?.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    t.clock.advance(61_000);
    expect((await post()).status).toBe(201);
  });
});
