import type { SliceCreator } from '../../app/state/types';

/**
 * An image on its way to a chat: shown in the chat as the sender's bubble with its progress
 * until the upload is done and the message is in the SDK's outbox (then the outbox echo takes over).
 */
export interface PendingUpload {
  localId: string;
  conversationId: string;
  /** An object URL of the picked file, for the bubble while it uploads. */
  previewUrl: string;
  width: number;
  height: number;
  /** 0…1 of the bytes sent. */
  progress: number;
  state: 'uploading' | 'failed';
  /** On this device's clock, for where the bubble sits in the timeline. */
  createdAt: number;
}

/** A picked, pasted or dropped image, already measured, with an object URL for its preview. */
export interface ImageToSend {
  blob: Blob;
  /** Its MIME type as the browser reports it (the server checks the bytes). */
  type: string;
  width: number;
  height: number;
  /** Owned by the upload from now on: revoked when the bubble goes. */
  previewUrl: string;
}

export interface UploadsSlice {
  // State
  /** Uploads in progress or failed, by conversation id, oldest first. */
  uploads: Record<string, PendingUpload[]>;
  // Actions
  /**
   * Uploads an image to a chat with progress, then sends it through the SDK's outbox. Resolves
   * with the upload's local id once it is sent or has failed (failure is a state, not a throw).
   */
  uploadImage(conversationId: string, image: ImageToSend): Promise<string>;
  /**
   * The send dialog's images, confirmed: uploaded and sent one after another in the order
   * shown, then the caption (if any) as a text message after them, as in Telegram. Rejects
   * only when the caption is refused (the images went).
   */
  sendImages(conversationId: string, images: readonly ImageToSend[], caption?: string): Promise<void>;
  /** Uploads a failed image again. */
  retryUpload(localId: string): Promise<void>;
  /** Stops an upload (or drops a failed one) and removes its bubble. */
  cancelUpload(localId: string): void;
  /** Stops every upload and forgets them (signing out: they belong to the account). */
  resetUploads(): void;
}

/** Progress is redrawn in whole percents: finer steps only cost renders. */
const PROGRESS_STEP = 0.01;

let nextUploadId = 1;

function makeLocalId(): string {
  // Not crypto.randomUUID: it is missing outside secure contexts (a server reached over plain http).
  return `upload-${Date.now().toString(36)}-${nextUploadId++}`;
}

export const createUploadsSlice: SliceCreator<UploadsSlice> = (set, get, sdk) => {
  /** What each upload needs beyond its bubble: the bytes (for a retry) and how to stop it. */
  const jobs = new Map<string, { image: ImageToSend; abort: AbortController | null }>();

  function change(localId: string, update: (u: PendingUpload) => PendingUpload | null): void {
    set((s) => {
      for (const [conversationId, list] of Object.entries(s.uploads)) {
        const i = list.findIndex((u) => u.localId === localId);
        if (i < 0) continue;
        const current = list[i] as PendingUpload;
        const replaced = update(current);
        if (replaced === current) return s;
        const next = replaced ? list.map((u, j) => (j === i ? replaced : u)) : list.filter((_, j) => j !== i);
        const uploads = { ...s.uploads, [conversationId]: next };
        if (next.length === 0) delete uploads[conversationId];
        return { uploads };
      }
      return s;
    });
  }

  function find(localId: string): PendingUpload | undefined {
    for (const list of Object.values(get().uploads)) {
      const found = list.find((u) => u.localId === localId);
      if (found) return found;
    }
    return undefined;
  }

  function finish(localId: string): void {
    const job = jobs.get(localId);
    jobs.delete(localId);
    change(localId, () => null);
    if (job) URL.revokeObjectURL(job.image.previewUrl);
  }

  async function run(localId: string, conversationId: string): Promise<void> {
    const job = jobs.get(localId);
    if (!job) return;
    const abort = new AbortController();
    job.abort = abort;
    change(localId, (u) => ({ ...u, state: 'uploading', progress: 0 }));
    try {
      const uploaded = await get().guard(
        sdk.api.uploadImage(conversationId, job.image.blob, job.image.type, {
          signal: abort.signal,
          onProgress(sent, total) {
            const progress = total > 0 ? Math.min(1, sent / total) : 0;
            change(localId, (u) =>
              Math.abs(progress - u.progress) >= PROGRESS_STEP || progress === 1 ? { ...u, progress } : u,
            );
          },
        }),
      );
      if (!jobs.has(localId)) return;
      job.abort = null;
      await sdk.sendImage(conversationId, uploaded);
      // The outbox echo is in the timeline now: let it replace the bubble in the same render.
      if (get().timelines[conversationId]) await get().refreshTimeline(conversationId);
      finish(localId);
    } catch {
      // Cancelled uploads are gone already; others wait for a retry or a cancel.
      if (jobs.has(localId)) {
        job.abort = null;
        change(localId, (u) => ({ ...u, state: 'failed' }));
      }
    }
  }

  return {
    uploads: {},

    async uploadImage(conversationId, image) {
      const localId = makeLocalId();
      jobs.set(localId, { image, abort: null });
      const upload: PendingUpload = {
        localId,
        conversationId,
        previewUrl: image.previewUrl,
        width: image.width,
        height: image.height,
        progress: 0,
        state: 'uploading',
        createdAt: Date.now(),
      };
      set((s) => ({
        uploads: { ...s.uploads, [conversationId]: [...(s.uploads[conversationId] ?? []), upload] },
      }));
      await run(localId, conversationId);
      return localId;
    },

    async sendImages(conversationId, images, caption = '') {
      // One after another: each message takes its turn in the outbox only once uploaded.
      for (const image of images) await get().uploadImage(conversationId, image);
      if (caption.trim() !== '') await get().sendText(conversationId, caption);
    },

    async retryUpload(localId) {
      const upload = find(localId);
      if (upload?.state !== 'failed') return;
      await run(localId, upload.conversationId);
    },

    cancelUpload(localId) {
      jobs.get(localId)?.abort?.abort();
      finish(localId);
    },

    resetUploads() {
      for (const list of Object.values(get().uploads))
        for (const upload of list) get().cancelUpload(upload.localId);
      set({ uploads: {} });
    },
  };
};
