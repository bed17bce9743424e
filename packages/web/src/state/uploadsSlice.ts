import type { SliceCreator } from './types';

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

export interface UploadsSlice {
  // State
  /** Uploads in progress or failed, by conversation id, oldest first. */
  uploads: Record<string, PendingUpload[]>;
}

export const createUploadsSlice: SliceCreator<UploadsSlice> = () => ({
  uploads: {},
});
