/** Pause in typing after which a draft is saved to the server, like a person pausing to think. */
export const DRAFT_SAVE_DELAY_MS = 1000;

/** A conversation's synced draft as this device has it, with the position of the row it came in. */
export interface SyncedDraft {
  draft: string;
  /** Conversation.pos: grows with every change the viewer must know, a draft saved anywhere included. */
  pos: number;
}

interface LocalDraft {
  /** What the composer holds. */
  text: string;
  /** The newest draft this device knows the server to have … */
  saved: string;
  /** … and the position it had then: a synced row older than this is a stale copy. */
  savedPos: number;
  saving: boolean;
}

/**
 * This device's draft of each chat, saved to the server (Conversation.draft, which every
 * device of the user shares) after a pause in typing and when the chat is left. A chat's
 * composer starts from the synced draft unless this device's own edit is newer.
 */
export class DraftSync {
  private readonly drafts = new Map<string, LocalDraft>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  /** `save` writes the draft and resolves with the conversation's position after the write. */
  constructor(
    private readonly save: (conversationId: string, draft: string) => Promise<number>,
    private readonly delayMs = DRAFT_SAVE_DELAY_MS,
  ) {}

  /** The text a chat's composer starts from, given the synced draft as this device has it now. */
  open(conversationId: string, synced: SyncedDraft): string {
    const local = this.drafts.get(conversationId);
    if (local && !this.writtenElsewhere(local, synced)) return local.text;
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
    const unsaved = local.text !== local.saved || local.saving || this.timers.has(conversationId);
    if (unsaved || !this.writtenElsewhere(local, synced)) return null;
    this.adopt(conversationId, synced);
    return synced.draft;
  }

  /** The composer's text changed: saved once typing pauses. */
  edit(conversationId: string, text: string): void {
    const local = this.drafts.get(conversationId) ?? { text: '', saved: '', savedPos: 0, saving: false };
    this.drafts.set(conversationId, { ...local, text });
    this.cancelTimer(conversationId);
    if (text === local.saved) return;
    this.timers.set(
      conversationId,
      setTimeout(() => void this.flush(conversationId), this.delayMs),
    );
  }

  /** Saves now what is unsaved (leaving the chat, the page going to the background). */
  async flush(conversationId: string): Promise<void> {
    this.cancelTimer(conversationId);
    const local = this.drafts.get(conversationId);
    if (!local || local.text === local.saved) return;
    const text = local.text;
    this.update(conversationId, { saving: true });
    try {
      const pos = await this.save(conversationId, text);
      this.update(conversationId, { saved: text, savedPos: pos, saving: false });
    } catch {
      // Kept unsaved: the next edit or leaving the chat tries again.
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

  /** Whether the synced row is at least as new as this device's knowledge and holds another draft. */
  private writtenElsewhere(local: LocalDraft, synced: SyncedDraft): boolean {
    return synced.pos >= local.savedPos && synced.draft !== local.saved;
  }

  private adopt(conversationId: string, synced: SyncedDraft): void {
    this.cancelTimer(conversationId);
    this.drafts.set(conversationId, {
      text: synced.draft,
      saved: synced.draft,
      savedPos: synced.pos,
      saving: false,
    });
  }

  private update(conversationId: string, changes: Partial<LocalDraft>): void {
    const local = this.drafts.get(conversationId);
    if (local) this.drafts.set(conversationId, { ...local, ...changes });
  }

  private cancelTimer(conversationId: string): void {
    const timer = this.timers.get(conversationId);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.timers.delete(conversationId);
  }
}
