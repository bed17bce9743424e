import { resolveObjectURL } from 'node:buffer';
import type { UploadedImage } from '@liao/protocol';
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../app/state/createAppStore';
import type { Sdk } from '../../app/state/types';
import type { ImageToSend } from './uploadsSlice';

const CHAT = '01964f5e-8b1c-7a2b-9c3d-0000000000cc';
const UPLOADED: UploadedImage = { imageId: '01964f5e-8b1c-7a2b-9c3d-0000000000ee', width: 640, height: 480 };

interface UploadCall {
  conversationId: string;
  type: string;
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
  resolve(image: UploadedImage): void;
  reject(error: unknown): void;
}

/** A fake SDK whose uploads the test finishes by hand; the cast says it implements only what is called. */
function makeSdk() {
  const uploads: UploadCall[] = [];
  const sent: { conversationId: string; image?: UploadedImage; text?: string }[] = [];
  const sdk = {
    api: {
      uploadImage(
        conversationId: string,
        _data: Blob,
        type: string,
        options: Pick<UploadCall, 'onProgress' | 'signal'>,
      ): Promise<UploadedImage> {
        return new Promise((resolve, reject) => {
          uploads.push({ conversationId, type, ...options, resolve, reject });
          options.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        });
      },
    },
    async sendImage(conversationId: string, image: UploadedImage) {
      sent.push({ conversationId, image });
    },
    async sendText(conversationId: string, text: string) {
      sent.push({ conversationId, text });
    },
    getTimeline: async () => [],
  } as unknown as Sdk;
  return { sdk, uploads, sent };
}

function makeImage(): ImageToSend {
  const blob = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });
  return { blob, type: 'image/png', width: 640, height: 480, previewUrl: URL.createObjectURL(blob) };
}

/** Lets the slice's awaits run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('image uploads', () => {
  it('shows the image with its progress while it uploads, then hands it to the outbox and lets the preview go', async () => {
    const { sdk, uploads, sent } = makeSdk();
    const store = createAppStore(sdk);
    const image = makeImage();
    const done = store.getState().uploadImage(CHAT, image);

    const [pending] = store.getState().uploads[CHAT] ?? [];
    expect(pending).toMatchObject({
      conversationId: CHAT,
      previewUrl: image.previewUrl,
      width: 640,
      height: 480,
      progress: 0,
      state: 'uploading',
    });
    const call = uploads[0] as UploadCall;
    expect(call).toMatchObject({ conversationId: CHAT, type: 'image/png' });

    call.onProgress?.(512, 1024);
    expect(store.getState().uploads[CHAT]?.[0]?.progress).toBe(0.5);
    // Steps under a percent change nothing (no new state object).
    const before = store.getState().uploads;
    call.onProgress?.(513, 1024);
    expect(store.getState().uploads).toBe(before);

    call.resolve(UPLOADED);
    expect(await done).toBe(pending?.localId);
    expect(sent).toEqual([{ conversationId: CHAT, image: UPLOADED }]);
    expect(store.getState().uploads).toEqual({});
    expect(resolveObjectURL(image.previewUrl)).toBeUndefined();
  });

  it('a failed upload waits in a failed state; a retry uploads it again and sends it', async () => {
    const { sdk, uploads, sent } = makeSdk();
    const store = createAppStore(sdk);
    const image = makeImage();
    const done = store.getState().uploadImage(CHAT, image);
    (uploads[0] as UploadCall).reject(new Error('network'));
    const localId = await done;

    expect(store.getState().uploads[CHAT]).toEqual([
      expect.objectContaining({ localId, state: 'failed', previewUrl: image.previewUrl }),
    ]);
    expect(sent).toEqual([]);
    expect(resolveObjectURL(image.previewUrl)).toBeDefined();

    const retried = store.getState().retryUpload(localId);
    expect(store.getState().uploads[CHAT]?.[0]).toMatchObject({ state: 'uploading', progress: 0 });
    (uploads[1] as UploadCall).resolve(UPLOADED);
    await retried;
    expect(sent).toHaveLength(1);
    expect(store.getState().uploads).toEqual({});
  });

  it('cancelling stops the upload and removes it, whether uploading or failed', async () => {
    const { sdk, uploads, sent } = makeSdk();
    const store = createAppStore(sdk);
    const first = makeImage();
    const second = makeImage();
    const uploading = store.getState().uploadImage(CHAT, first);
    const failing = store.getState().uploadImage(CHAT, second);
    expect(store.getState().uploads[CHAT]).toHaveLength(2);

    (uploads[1] as UploadCall).reject(new Error('refused'));
    const failedId = await failing;
    const uploadingId = store.getState().uploads[CHAT]?.[0]?.localId as string;

    store.getState().cancelUpload(uploadingId);
    expect((uploads[0] as UploadCall).signal?.aborted).toBe(true);
    await uploading;
    await settle();
    // The abort's rejection does not bring it back as failed.
    expect(store.getState().uploads[CHAT]?.map((u) => u.localId)).toEqual([failedId]);

    store.getState().cancelUpload(failedId);
    expect(store.getState().uploads).toEqual({});
    expect(sent).toEqual([]);
    expect(resolveObjectURL(first.previewUrl)).toBeUndefined();
    expect(resolveObjectURL(second.previewUrl)).toBeUndefined();
    // Nothing left to retry.
    await store.getState().retryUpload(failedId);
    expect(uploads).toHaveLength(2);
  });
});

describe('[#2] images confirmed in the send dialog', () => {
  it('go in the order shown, each once uploaded, and the caption after the last', async () => {
    const { sdk, uploads, sent } = makeSdk();
    const store = createAppStore(sdk);
    const done = store.getState().sendImages(CHAT, [makeImage(), makeImage()], '  周末的照片 ');
    await settle();
    // The second waits for the first.
    expect(uploads).toHaveLength(1);
    (uploads[0] as UploadCall).resolve(UPLOADED);
    await settle();
    expect(uploads).toHaveLength(2);
    const second = { ...UPLOADED, imageId: '01964f5e-8b1c-7a2b-9c3d-0000000000ef' };
    (uploads[1] as UploadCall).resolve(second);
    await done;
    expect(sent).toEqual([
      { conversationId: CHAT, image: UPLOADED },
      { conversationId: CHAT, image: second },
      { conversationId: CHAT, text: '  周末的照片 ' },
    ]);
  });

  it('sends no caption when there is none, and goes on past an image that failed', async () => {
    const { sdk, uploads, sent } = makeSdk();
    const store = createAppStore(sdk);
    const done = store.getState().sendImages(CHAT, [makeImage(), makeImage()], ' ');
    await settle();
    (uploads[0] as UploadCall).reject(new Error('network'));
    await settle();
    (uploads[1] as UploadCall).resolve(UPLOADED);
    await done;
    expect(sent).toEqual([{ conversationId: CHAT, image: UPLOADED }]);
    expect(store.getState().uploads[CHAT]).toEqual([expect.objectContaining({ state: 'failed' })]);
  });
});

describe('uploads on sign-out', () => {
  it('resetUploads stops what is uploading and forgets every upload and its preview', async () => {
    const { sdk, uploads, sent } = makeSdk();
    const store = createAppStore(sdk);
    const first = makeImage();
    const second = makeImage();
    const uploading = store.getState().uploadImage(CHAT, first);
    const failing = store.getState().uploadImage(CHAT, second);
    (uploads[1] as UploadCall).reject(new Error('refused'));
    await failing;

    store.getState().resetUploads();
    expect((uploads[0] as UploadCall).signal?.aborted).toBe(true);
    await uploading;
    expect(store.getState().uploads).toEqual({});
    expect(sent).toEqual([]);
    expect(resolveObjectURL(first.previewUrl)).toBeUndefined();
    expect(resolveObjectURL(second.previewUrl)).toBeUndefined();
  });
});
