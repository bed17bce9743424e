import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DRAFT_SAVE_DELAY_MS, DraftSync } from './draftSync';

const C = 'conv-1';

/** A server's draft column: every save moves the position on, as the real one does. */
function makeServer() {
  const state = { draft: '', pos: 10, saves: [] as string[], failNext: false };
  const save = async (conversationId: string, draft: string) => {
    expect(conversationId).toBe(C);
    if (state.failNext) {
      state.failNext = false;
      throw new Error('offline');
    }
    state.saves.push(draft);
    state.draft = draft;
    state.pos += 1;
    return state.pos;
  };
  return { state, drafts: new DraftSync(save) };
}

describe('synced drafts', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('starts from the synced draft of a chat this device never opened', () => {
    const { drafts } = makeServer();
    expect(drafts.open(C, { draft: 'from the phone', pos: 5 })).toBe('from the phone');
  });

  it('saves once typing pauses, the last text only', async () => {
    const { state, drafts } = makeServer();
    drafts.open(C, { draft: '', pos: 10 });
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
    const { state, drafts } = makeServer();
    drafts.open(C, { draft: '', pos: 10 });
    drafts.edit(C, 'mine');
    await drafts.flush(C);
    expect(state.saves).toEqual(['mine']);
    // Leaving and coming back before the sync brought the saved draft back.
    expect(drafts.open(C, { draft: '', pos: 10 })).toBe('mine');
    // Unsaved typing survives a reopen too.
    drafts.edit(C, 'mine, more');
    expect(drafts.open(C, { draft: 'mine', pos: state.pos })).toBe('mine, more');
  });

  it('takes a draft another device wrote after this one', async () => {
    const { state, drafts } = makeServer();
    drafts.open(C, { draft: '', pos: 10 });
    drafts.edit(C, 'desktop');
    await drafts.flush(C);
    expect(drafts.open(C, { draft: 'laptop', pos: state.pos + 1 })).toBe('laptop');
    // …and saving nothing back, since the server has it.
    await drafts.flush(C);
    expect(state.saves).toEqual(['desktop']);
  });

  it('an open chat follows another device only while nothing is typed here unsaved', async () => {
    const { state, drafts } = makeServer();
    drafts.open(C, { draft: '', pos: 10 });
    expect(drafts.syncedChanged(C, { draft: 'phone 1', pos: 11 })).toBe('phone 1');
    drafts.edit(C, 'phone 1 + desk');
    expect(drafts.syncedChanged(C, { draft: 'phone 2', pos: 12 })).toBeNull();
    await vi.advanceTimersByTimeAsync(DRAFT_SAVE_DELAY_MS);
    expect(state.saves).toEqual(['phone 1 + desk']);
    // Its own save coming back through the sync changes nothing.
    expect(drafts.syncedChanged(C, { draft: 'phone 1 + desk', pos: state.pos })).toBeNull();
  });

  it('sending empties the draft everywhere at once', async () => {
    const { state, drafts } = makeServer();
    drafts.open(C, { draft: 'to send', pos: 10 });
    await drafts.sent(C);
    expect(state.saves).toEqual(['']);
    expect(drafts.open(C, { draft: 'to send', pos: 10 })).toBe('');
  });

  it('a failed save stays unsaved and goes out on the next try', async () => {
    const { state, drafts } = makeServer();
    drafts.open(C, { draft: '', pos: 10 });
    drafts.edit(C, 'offline words');
    state.failNext = true;
    await vi.advanceTimersByTimeAsync(DRAFT_SAVE_DELAY_MS);
    expect(state.saves).toEqual([]);
    await drafts.flushAll();
    expect(state.saves).toEqual(['offline words']);
  });
});
