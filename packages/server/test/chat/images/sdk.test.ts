import { LiaoError } from '@liao/client';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { makeImage, makePngBomb } from '../../support/images';
import { makeSyncFixtures, storedMessages, until } from '../../support/sync-fixtures';

describeEachStore('SDK: image upload and image messages', (storeKind) => {
  let t: TestServer;
  const f = makeSyncFixtures(() => t.url);
  beforeAll(async () => {
    t = await startTestServer(storeKind);
  });
  afterAll(async () => {
    f.closeAll();
    await t.destroy();
  });

  it('uploadImage takes bytes or a Blob and answers the id and true size; progress reports the start and the end', async () => {
    const { conversationId, client } = await f.syncedPair();
    const png = await makeImage('png', 320, 180);
    const progress: [number, number][] = [];
    const image = await client.api.uploadImage(conversationId, new Uint8Array(png), 'image/png', {
      onProgress: (sent, total) => progress.push([sent, total]),
    });
    expect(image).toMatchObject({ width: 320, height: 180 });
    expect(progress).toEqual([
      [0, png.length],
      [png.length, png.length],
    ]);
    const fromBlob = await client.api.uploadImage(
      conversationId,
      new Blob([new Uint8Array(await makeImage('jpeg', 90, 160))]),
      'image/jpeg',
    );
    expect(fromBlob).toMatchObject({ width: 90, height: 160 });
    expect(fromBlob.imageId).not.toBe(image.imageId);
  });

  it('refusals arrive as LiaoError with the server’s code; an aborted upload rejects with the abort', async () => {
    const { conversationId, client } = await f.syncedPair();
    const refusal = (data: Uint8Array, type = 'image/png') =>
      client.api.uploadImage(conversationId, data, type).catch((error: unknown) => error);
    const bomb = await refusal(new Uint8Array(makePngBomb()));
    expect(bomb).toBeInstanceOf(LiaoError);
    expect(bomb).toMatchObject({ code: 'IMAGE_TOO_LARGE', status: 422 });
    expect(await refusal(new TextEncoder().encode('not a picture'))).toMatchObject({ code: 'INVALID_IMAGE' });
    expect(await refusal(new Uint8Array(await makeImage('png')), 'text/plain')).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });

    const controller = new AbortController();
    controller.abort();
    const aborted = await client.api
      .uploadImage(conversationId, new Uint8Array(await makeImage('png')), 'image/png', {
        signal: controller.signal,
      })
      .catch((error: unknown) => error);
    expect(aborted).toMatchObject({ name: 'AbortError' });
  });

  it('sendImage saves an echo with the image, sends it once, and the peer gets the image message', async () => {
    const { conversationId, client, peer } = await f.syncedPair();
    const image = await client.api.uploadImage(
      conversationId,
      new Uint8Array(await makeImage('webp', 400, 300)),
      'image/webp',
    );
    const heard = peer.waitForEvent(
      'message.new',
      (e) => e.message.conversationId === conversationId && e.message.content.kind === 'image',
    );
    const item = await client.sendImage(conversationId, image);
    expect(item).toMatchObject({ conversationId, state: 'sending', content: { kind: 'image', ...image } });
    await client.whenSent();
    const { message } = await heard;
    expect(message).toMatchObject({ clientId: item.clientId, content: { kind: 'image', ...image } });
    expect(await storedMessages(client, conversationId)).toContainEqual(message);
    expect(client.getOutbox(conversationId)).toEqual([]);
    const timeline = await client.getTimeline(conversationId);
    expect(timeline.at(-1)).toMatchObject({ kind: 'message', key: item.clientId, message });

    // The peer loads the thumbnail the message names.
    const res = await fetch(`${t.url}/api/media/images/${image.imageId}/thumb`, {
      headers: { authorization: `Bearer ${peer.api.http.token}` },
    });
    expect(res.status).toBe(200);
    expect(await sharp(Buffer.from(await res.arrayBuffer())).metadata()).toMatchObject({
      width: 400,
      height: 300,
    });
  });

  it('an image the sender did not upload there fails its outbox item with IMAGE_NOT_FOUND', async () => {
    const { conversationId, client, b } = await f.syncedPair();
    const theirs = await (await f.connected(b.token)).api.uploadImage(
      conversationId,
      new Uint8Array(await makeImage('png')),
      'image/png',
    );
    const item = await client.sendImage(conversationId, theirs);
    await until(client, () => client.getOutbox(conversationId)[0]?.state === 'failed', 'the item fails');
    expect(client.getOutbox(conversationId)).toEqual([
      { ...item, state: 'failed', error: { code: 'IMAGE_NOT_FOUND', message: expect.any(String) } },
    ]);
  });
});
