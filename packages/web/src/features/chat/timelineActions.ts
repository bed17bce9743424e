import type { TimelineItem } from '@liao/client';
import type { GetState, Sdk, SetState } from '../../app/state/types';
import { loadRunBelow, newestRun } from './historyWindow';

/** Opening a chat shows at least its newest this many messages (a few screens). */
export const OPEN_WINDOW = 50;
/** Each scroll to the top loads this many older messages. */
export const HISTORY_PAGE = 50;
/**
 * Opening a chat with unread messages loads them all, up to this many, so that the pane can
 * start at the first one; with more, it opens at the newest (as WeChat does).
 */
export const UNREAD_WINDOW_MAX = 300;
/** Read messages loaded above the first unread one, so the pane does not open on a cut. */
const UNREAD_CONTEXT = 10;

/**
 * Whether an open chat can show older messages: some left, loading them, none left, failed (to
 * be tried again), or waiting for the SDK's first sync of the chat.
 */
export type HistoryStatus = 'more' | 'loading' | 'done' | 'error' | 'pending';

/** The open chats' timelines: the part of the chats slice the chat pane reads. */
export interface TimelineSlice {
  // State
  /** Timelines of the open chats, by conversation id: their window of history, then unsent echoes. */
  timelines: Record<string, TimelineItem[]>;
  /**
   * The oldest seq each open chat's window shows (0: all that is stored). It moves down as the
   * reader scrolls up and never up while the chat is open, so new messages are added below
   * without rows disappearing above.
   */
  timelineFrom: Record<string, number>;
  historyStatus: Record<string, HistoryStatus>;
  // Actions
  /**
   * Shows a chat: its newest messages at once from the local store, then, from the server where
   * they are missing, enough to fill the window (all unread ones, up to UNREAD_WINDOW_MAX).
   */
  openTimeline(conversationId: string): Promise<void>;
  /** Grows an open chat's window by a page of older messages (the reader scrolled to the top). */
  loadOlderMessages(conversationId: string): Promise<void>;
  /** Forgets a chat's window when its pane closes. */
  closeTimeline(conversationId: string): void;
  /** Reads an open chat's window again from the SDK (its 'messages'/'outbox' events). */
  refreshTimeline(conversationId: string): Promise<void>;
}

type TimelineState = Pick<TimelineSlice, 'timelines' | 'timelineFrom' | 'historyStatus'>;

/** No chat open (the state after sign-out). */
export function emptyTimelines(): TimelineState {
  return { timelines: {}, timelineFrom: {}, historyStatus: {} };
}

/** A record with one key left out, as a new object. */
function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _dropped, ...rest } = record;
  return rest;
}

function seqsOf(items: readonly TimelineItem[]): number[] {
  return items.flatMap((i) => (i.kind === 'message' ? [i.message.seq] : []));
}

export function createTimelineActions(set: SetState, get: GetState, sdk: Sdk): TimelineSlice {
  // Each opening and closing of a chat's pane counts here; a load that finishes after its pane
  // was closed (or closed and opened again) sees the count moved and drops its answer.
  const paneSessions = new Map<string, number>();
  // Open chats whose first load from the server has not happened yet (offline, or the SDK has
  // not synced the chat yet), with the window they want: the next load does that one instead.
  const openingWant = new Map<string, number>();
  const nextSession = (id: string) => {
    const n = (paneSessions.get(id) ?? 0) + 1;
    paneSessions.set(id, n);
    return n;
  };
  const stillOpen = (id: string, session: number | undefined) => () =>
    paneSessions.get(id) === session && get().status === 'signedIn';
  const setHistory = (id: string, status: HistoryStatus) =>
    set({ historyStatus: { ...get().historyStatus, [id]: status } });
  const setFrom = (id: string, from: number) => set({ timelineFrom: { ...get().timelineFrom, [id]: from } });

  /** Loads `want` messages below `before` (or the newest) and widens the window over them. */
  async function fill(id: string, current: () => boolean, before: number | undefined, want: number) {
    setHistory(id, 'loading');
    try {
      const run = await loadRunBelow(sdk, id, before, want);
      if (!current()) return;
      if (before === undefined) openingWant.delete(id);
      const shown = get().timelineFrom[id] ?? 0;
      if (run.oldest !== undefined && (shown === 0 || run.oldest < shown)) {
        setFrom(id, run.oldest);
        await get().refreshTimeline(id);
      }
      setHistory(id, run.exhausted ? 'done' : 'more');
    } catch {
      if (current()) setHistory(id, 'error');
    }
  }

  return {
    ...emptyTimelines(),

    async openTimeline(conversationId) {
      const current = stillOpen(conversationId, nextSession(conversationId));
      const conversation = sdk.getConversation(conversationId);
      const unread = conversation ? conversation.lastSeq - conversation.readSeq : 0;
      const want = Math.max(OPEN_WINDOW, Math.min(unread + UNREAD_CONTEXT, UNREAD_WINDOW_MAX));
      openingWant.set(conversationId, want);
      setHistory(conversationId, 'loading');
      // What this device holds shows at once, even offline; the server fills in behind it.
      const stored = await sdk.getTimeline(conversationId, { limit: want });
      if (!current()) return;
      setFrom(conversationId, newestRun(seqsOf(stored)).oldest ?? 0);
      await get().refreshTimeline(conversationId);
      if (!current()) return;
      // A chat the SDK has not synced yet has no history to page: wait for the sync.
      if (!sdk.getConversation(conversationId)) setHistory(conversationId, 'pending');
      else await fill(conversationId, current, undefined, want);
    },

    async loadOlderMessages(conversationId) {
      const from = get().timelineFrom[conversationId];
      const status = get().historyStatus[conversationId];
      if (from === undefined || status === 'loading' || status === 'done') return;
      const current = stillOpen(conversationId, paneSessions.get(conversationId));
      const opening = openingWant.get(conversationId);
      if (opening !== undefined) {
        if (sdk.getConversation(conversationId)) await fill(conversationId, current, undefined, opening);
        return;
      }
      // A window opened on an empty chat (0) starts at whatever has arrived since.
      const before = from > 0 ? from : seqsOf(get().timelines[conversationId] ?? [])[0];
      await fill(conversationId, current, before, HISTORY_PAGE);
    },

    closeTimeline(conversationId) {
      nextSession(conversationId);
      openingWant.delete(conversationId);
      const { timelines, timelineFrom, historyStatus } = get();
      set({
        timelines: without(timelines, conversationId),
        timelineFrom: without(timelineFrom, conversationId),
        historyStatus: without(historyStatus, conversationId),
      });
    },

    async refreshTimeline(conversationId) {
      const from = get().timelineFrom[conversationId];
      if (from === undefined) return;
      const items = await sdk.getTimeline(conversationId, from > 0 ? { after: from - 1 } : {});
      // A window that moved meanwhile (older rows added, or the pane closed) has a newer read.
      if (get().status !== 'signedIn' || get().timelineFrom[conversationId] !== from) return;
      set({ timelines: { ...get().timelines, [conversationId]: items } });
      // The first sync brought the chat: its history can be paged now.
      if (get().historyStatus[conversationId] === 'pending' && sdk.getConversation(conversationId))
        void get().loadOlderMessages(conversationId);
    },
  };
}
