import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DRAFT_SAVE_DELAY_MS, DraftSync } from './draftSync';
import type { DraftStorage, StoredDraft } from './localDrafts';

const C = 'conv-1';

/** localStorage as a page sees it: what one page wrote, the next (after a reload) reads. */
function makeStorage(): DraftStorage & { entries: Map<string, StoredDraft> } {
  const entries = new Map<string, StoredDraft>();
  return {
    entries,
    load: () => new Map(entries),
    put(conversationId, draft) {
      if (draft) entries.set(conversationId, draft);
      else entries.delete(conversationId);
    },
  };
}

/**
 * A server's draft column: every save is stamped with the server's clock, which runs ahead of
 * the device's by `skew` (the fake timers' clock is the device's).
 */
function makeServer(storage = makeStorage()) {
  const state = { draft: '', updatedAt: null as number | null, saves: [] as string[], failNext: false };
  const save = async (conversationId: string, draft: string) => {
    expect(conversationId).toBe(C);
    if (state.failNext) {
      state.failNext = false;
      throw new Error('offline');
    }
    state.saves.push(draft);
    state.draft = draft;
    state.updatedAt = Date.now();
    return state.updatedAt;
  };
  const page = () => new DraftSync(save, storage);
  /** A new page on the same storage; the old page's timers die with it. */
  const reload = () => {
    // Clearing the fake timers also sets their clock back: keep it where it was.
    const at = Date.now();
    vi.clearAllTimers();
    vi.setSystemTime(at);
    return page();
  };
  return {
    state,
    storage,
    drafts: page(),
    reload,
    synced: () => ({ draft: state.draft, updatedAt: state.updatedAt }),
  };
}

describe('synced drafts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => vi.useRealTimers());

  it('starts from the synced draft of a chat this device never opened', () => {
    const { drafts } = makeServer();
    expect(drafts.open(C, { draft: 'from the phone', updatedAt: 5 })).toBe('from the phone');
  });

  it('saves once typing pauses, the last text only', async () => {
    const { state, drafts } = makeServer();
    drafts.open(C, { draft: '', updatedAt: null });
    drafts.edit(C, 'h');
    drafts.edit(C, 'he');
    drafts.edit(C, 'hey');
    await vi.advanceTimersByTimeAsync(DRAFT_SAVE_DELAY_MS - 1);
    expect(state.saves).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.saves).toEqual(['hey']);
    // Typing back to what is saved saves nothing.
    drafts.edit(C, 'hey!');
    drafts.edit(C, 'hey');
    await vi.advanceTimersByTimeAsync(DRAFT_SAVE_DELAY_MS);
    expect(state.saves).toEqual(['hey']);
  });

  it('keeps its own newer edit over a synced row that has not caught up with it', async () => {
    const { state, drafts, synced } = makeServer();
    drafts.open(C, { draft: '', updatedAt: null });
    drafts.edit(C, 'mine');
    await drafts.flush(C);
    expect(state.saves).toEqual(['mine']);
    // Leaving and coming back before the sync brought the saved draft back.
    expect(drafts.open(C, { draft: '', updatedAt: null })).toBe('mine');
    // Unsaved typing survives a reopen too.
    drafts.edit(C, 'mine, more');
    expect(drafts.open(C, synced())).toBe('mine, more');
  });

  it('takes a draft another device wrote after this one', async () => {
    const { state, drafts } = makeServer();
    drafts.open(C, { draft: '', updatedAt: null });
    drafts.edit(C, 'desktop');
    await drafts.flush(C);
    expect(drafts.open(C, { draft: 'laptop', updatedAt: (state.updatedAt ?? 0) + 1 })).toBe('laptop');
    // …and saving nothing back, since the server has it.
    await drafts.flush(C);
    expect(state.saves).toEqual(['desktop']);
  });

  it('an open chat follows another device only while nothing is typed here unsaved', async () => {
    const { state, drafts, synced } = makeServer();
    drafts.open(C, { draft: '', updatedAt: 10 });
    expect(drafts.syncedChanged(C, { draft: 'phone 1', updatedAt: 11 })).toBe('phone 1');
    drafts.edit(C, 'phone 1 + desk');
    expect(drafts.syncedChanged(C, { draft: 'phone 2', updatedAt: 12 })).toBeNull();
    await vi.advanceTimersByTimeAsync(DRAFT_SAVE_DELAY_MS);
    expect(state.saves).toEqual(['phone 1 + desk']);
    // Its own save coming back through the sync changes nothing.
    expect(drafts.syncedChanged(C, synced())).toBeNull();
  });

  it('sending empties the draft everywhere at once', async () => {
    const { state, drafts } = makeServer();
    drafts.open(C, { draft: 'to send', updatedAt: 10 });
    await drafts.sent(C);
    expect(state.saves).toEqual(['']);
    expect(drafts.open(C, { draft: 'to send', updatedAt: 10 })).toBe('');
  });

  it('a failed save stays unsaved and goes out on the next try', async () => {
    const { state, drafts } = makeServer();
    drafts.open(C, { draft: '', updatedAt: null });
    drafts.edit(C, 'offline words');
    state.failNext = true;
    await vi.advanceTimersByTimeAsync(DRAFT_SAVE_DELAY_MS);
    expect(state.saves).toEqual([]);
    await drafts.flushAll();
    expect(state.saves).toEqual(['offline words']);
  });
});

describe('[#3] a draft across a reload: the newest keystroke wins', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => vi.useRealTimers());

  it('words typed just before a reload come back, not the older saved draft, and are then saved', async () => {
    const { state, drafts, reload, synced } = makeServer();
    drafts.open(C, { draft: '', updatedAt: null });
    drafts.edit(C, '周末一起');
    await drafts.flush(C);
    drafts.edit(C, '周末一起去看电影吗？');
    // The page closes before the pause in typing is over: the server still has the older one.
    vi.advanceTimersByTime(DRAFT_SAVE_DELAY_MS / 2);
    const next = reload();
    expect(next.open(C, null)).toBe('周末一起去看电影吗？');
    expect(next.open(C, synced())).toBe('周末一起去看电影吗？');
    await vi.advanceTimersByTimeAsync(DRAFT_SAVE_DELAY_MS);
    expect(state.saves).toEqual(['周末一起', '周末一起去看电影吗？']);
  });

  it('against another device: whichever was typed last wins', async () => {
    const { storage, reload } = makeServer();
    const first = reload();
    first.open(C, { draft: 'agreed', updatedAt: 900_000 });
    first.edit(C, 'typed here at 1,000,000');
    // Another device saved before this keystroke: this one wins.
    expect(reload().open(C, { draft: 'phone, earlier', updatedAt: 999_000 })).toBe('typed here at 1,000,000');
    // Another device saved after it: that one wins, and this device's copy goes.
    expect(reload().open(C, { draft: 'phone, later', updatedAt: 1_001_000 })).toBe('phone, later');
    expect(storage.entries.size).toBe(0);
  });

  it('a stored draft the server already has (its save went out as the page closed) is simply taken', async () => {
    const { state, storage, reload } = makeServer();
    const first = reload();
    first.open(C, { draft: 'old', updatedAt: 900_000 });
    first.edit(C, 'sent on the way out');
    expect(storage.entries.get(C)).toMatchObject({ text: 'sent on the way out', saved: 'old' });
    expect(reload().open(C, { draft: 'sent on the way out', updatedAt: 1_000_500 })).toBe(
      'sent on the way out',
    );
    await vi.advanceTimersByTimeAsync(DRAFT_SAVE_DELAY_MS);
    expect(state.saves).toEqual([]);
    expect(storage.entries.size).toBe(0);
  });

  it('[issue 15 #4] forget() at sign-out drops every draft, and a save still on its way stores none back', async () => {
    const { state, storage, drafts } = makeServer();
    drafts.open(C, { draft: '', updatedAt: null });
    drafts.edit(C, 'a secret half-typed');
    expect(storage.entries.size).toBe(1);
    // The chat is left as the page signs out: its save goes, and fails (the session is gone).
    state.failNext = true;
    const leaving = drafts.flush(C);
    drafts.forget();
    storage.entries.clear();
    await leaving;
    await vi.advanceTimersByTimeAsync(DRAFT_SAVE_DELAY_MS * 2);
    expect(storage.entries.size).toBe(0);
    expect(drafts.open(C, null)).toBe('');
    drafts.edit(C, 'typed after');
    expect(storage.entries.size).toBe(0);
  });
});
