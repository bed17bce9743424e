import type { DraftStorage, StoredDraft } from './localDrafts';

/** Pause in typing after which a draft is saved to the server, like a person pausing to think. */
export const DRAFT_SAVE_DELAY_MS = 1000;

/** A conversation's synced draft as this device has it: the text and when the server saved it. */
export interface SyncedDraft {
  draft: string;
  /** Conversation.draftUpdatedAt (server clock); null if never saved. */
  updatedAt: number | null;
}

interface LocalDraft extends StoredDraft {
  saving: boolean;
}

const NO_STORAGE: DraftStorage = { load: () => new Map(), put: () => {} };

/**
 * This device's draft of each chat, saved to the server (Conversation.draft, which every
 * device of the user shares) after a pause in typing and when the chat is left, and kept in
 * local storage at every keystroke until then. The newest keystroke wins: a chat's composer
 * starts from this device's own unsaved edit unless another device saved a draft after it.
 */
export class DraftSync {
  private readonly drafts: Map<string, LocalDraft>;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  /** `save` writes the draft and resolves with its save time on the server (draftUpdatedAt). */
  constructor(
    private readonly save: (conversationId: string, draft: string) => Promise<number | null>,
    private storage: DraftStorage = NO_STORAGE,
    private readonly now: () => number = Date.now,
    private readonly delayMs = DRAFT_SAVE_DELAY_MS,
  ) {
    this.drafts = new Map([...storage.load()].map(([id, draft]) => [id, { ...draft, saving: false }]));
  }

  /**
   * The text a chat's composer starts from, given the synced draft as this device has it now
   * (null while the chat's row has not arrived: then this device's own text, if any).
   */
  open(conversationId: string, synced: SyncedDraft | null): string {
    const local = this.drafts.get(conversationId);
    if (!synced) return local?.text ?? '';
    if (local && this.keepsOwn(local, synced)) {
      // An edit that never reached the server (the page closed first) goes now.
      if (local.text !== local.saved && !local.saving) this.schedule(conversationId);
      return local.text;
    }
    this.adopt(conversationId, synced);
    return synced.draft;
  }

  /**
   * The synced draft changed while the chat is open. Returns the text the composer should now
   * show, or null to keep its own: typing here that is not saved yet is never overwritten.
   */
  syncedChanged(conversationId: string, synced: SyncedDraft): string | null {
    const local = this.drafts.get(conversationId);
    if (!local) return this.open(conversationId, synced);
    if (this.unsaved(conversationId, local) || !this.writtenElsewhere(local, synced)) return null;
    this.adopt(conversationId, synced);
    return synced.draft;
  }

  /** The composer's text changed: kept here at once, saved once typing pauses. */
  edit(conversationId: string, text: string): void {
    const local = this.drafts.get(conversationId) ?? {
      text: '',
      editedAt: 0,
      saved: '',
      savedAt: null,
      saving: false,
    };
    this.set(conversationId, { ...local, text, editedAt: this.now() });
    this.cancelTimer(conversationId);
    if (text !== local.saved) this.schedule(conversationId);
  }

  /** Saves now what is unsaved (leaving the chat, the page going to the background). */
  async flush(conversationId: string): Promise<void> {
    this.cancelTimer(conversationId);
    const local = this.drafts.get(conversationId);
    if (!local || local.text === local.saved) return;
    const text = local.text;
    this.update(conversationId, { saving: true });
    try {
      const savedAt = await this.save(conversationId, text);
      this.update(conversationId, { saved: text, savedAt, saving: false });
    } catch {
      // Kept unsaved (and stored): the next edit, leaving the chat or the next visit tries again.
      this.update(conversationId, { saving: false });
    }
  }

  /** A message was sent from the composer: its draft is empty on every device. */
  sent(conversationId: string): Promise<void> {
    this.edit(conversationId, '');
    return this.flush(conversationId);
  }

  /** Saves every unsaved draft now. */
  async flushAll(): Promise<void> {
    await Promise.all([...this.drafts.keys()].map((id) => this.flush(id)));
  }

  /**
   * The account signed out (state/localData.ts wipes its storage): drops every draft and stops
   * storing any, so that a save still on its way (the chat left as the page signed out) cannot
   * put one back into local storage after the wipe.
   */
  forget(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.drafts.clear();
    this.storage = NO_STORAGE;
  }

  /** Whether this device's text stands against the synced draft: newer, or the one it came from. */
  private keepsOwn(local: LocalDraft, synced: SyncedDraft): boolean {
    if (synced.draft === local.text) return false;
    if (!this.writtenElsewhere(local, synced)) return true;
    // Both changed since they last agreed: the newest keystroke wins (clocks of two machines,
    // which is as close as two devices can tell).
    return local.text !== local.saved && local.editedAt > (synced.updatedAt ?? 0);
  }

  /** Whether another device saved a draft after the newest save this device knows of. */
  private writtenElsewhere(local: LocalDraft, synced: SyncedDraft): boolean {
    if (synced.draft === local.saved) return false;
    return synced.updatedAt !== null && (local.savedAt === null || synced.updatedAt > local.savedAt);
  }

  private unsaved(conversationId: string, local: LocalDraft): boolean {
    return local.text !== local.saved || local.saving || this.timers.has(conversationId);
  }

  private adopt(conversationId: string, synced: SyncedDraft): void {
    this.cancelTimer(conversationId);
    this.set(conversationId, {
      text: synced.draft,
      editedAt: 0,
      saved: synced.draft,
      savedAt: synced.updatedAt,
      saving: false,
    });
  }

  private update(conversationId: string, changes: Partial<LocalDraft>): void {
    const local = this.drafts.get(conversationId);
    if (local) this.set(conversationId, { ...local, ...changes });
  }

  /** Keeps the draft here and, while it differs from the server's, in local storage too. */
  private set(conversationId: string, local: LocalDraft): void {
    this.drafts.set(conversationId, local);
    const { saving: _, ...stored } = local;
    this.storage.put(conversationId, local.text === local.saved ? null : stored);
  }

  private schedule(conversationId: string): void {
    this.cancelTimer(conversationId);
    this.timers.set(
      conversationId,
      setTimeout(() => void this.flush(conversationId), this.delayMs),
    );
  }

  private cancelTimer(conversationId: string): void {
    const timer = this.timers.get(conversationId);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.timers.delete(conversationId);
  }
}
