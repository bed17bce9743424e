import type { ConnectionState } from '@liao/client';
import type { SliceCreator } from './types';

export interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

export interface UiSlice {
  // State
  toasts: Toast[];
  connection: ConnectionState;
  /** The "new group chat" dialog, when open, with the friends ticked when it opened. */
  createGroup: { preselected: string[] } | null;
  /** The "share video" dialog (WeChat's forward), when open, with the video it shares. */
  shareVideo: { videoId: string } | null;
  // Actions
  /** Shows a short note at the bottom; text is already translated. */
  showToast(text: string, tone?: Toast['tone']): void;
  dismissToast(id: number): void;
  setConnection(state: ConnectionState): void;
  openCreateGroup(preselected?: string[]): void;
  closeCreateGroup(): void;
  openShareVideo(videoId: string): void;
  closeShareVideo(): void;
}

/** Long enough to read two lines of Chinese, short enough not to pile up. */
const TOAST_MS = 3500;
let nextToastId = 1;

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => ({
  toasts: [],
  connection: 'idle',
  createGroup: null,
  shareVideo: null,

  showToast(text, tone = 'info') {
    const id = nextToastId++;
    set((s) => ({ toasts: [...s.toasts.slice(-2), { id, text, tone }] }));
    setTimeout(() => get().dismissToast(id), TOAST_MS);
  },
  dismissToast(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
  setConnection(connection) {
    set({ connection });
  },
  openCreateGroup(preselected = []) {
    set({ createGroup: { preselected } });
  },
  closeCreateGroup() {
    set({ createGroup: null });
  },
  openShareVideo(videoId) {
    set({ shareVideo: { videoId } });
  },
  closeShareVideo() {
    set({ shareVideo: null });
  },
});
