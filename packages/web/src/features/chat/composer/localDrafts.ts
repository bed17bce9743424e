/**
 * This device's unsaved drafts, kept in localStorage and written at every keystroke, so that a
 * draft typed just before a reload or a closed tab (before its save reached the server) is
 * still here when the page comes back. One key per account and chat, so that a keystroke
 * writes one small entry; a saved draft's entry goes (the server has it).
 */

/** What DraftSync needs to remember of a chat's draft across a reload. */
export interface StoredDraft {
  /** What the composer held. */
  text: string;
  /** When it was typed, on this device's clock (ms). */
  editedAt: number;
  /** The newest draft this device knew the server to have, and its save time there. */
  saved: string;
  savedAt: number | null;
}

export interface DraftStorage {
  /** Every chat's stored draft, by conversation id. */
  load(): Map<string, StoredDraft>;
  /** Keeps a chat's unsaved draft, or forgets it (null: saved, nothing to keep). */
  put(conversationId: string, draft: StoredDraft | null): void;
}

const PREFIX = 'liao.draft.';

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Storage refused (a privacy setting): drafts then live only as long as the page.
    return null;
  }
}

function parse(json: string | null): StoredDraft | null {
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== 'object' || value === null) return null;
    const { text, editedAt, saved, savedAt } = value as Record<string, unknown>;
    if (typeof text !== 'string' || typeof editedAt !== 'number' || typeof saved !== 'string') return null;
    return { text, editedAt, saved, savedAt: typeof savedAt === 'number' ? savedAt : null };
  } catch {
    return null;
  }
}

/** The drafts of one signed-in account in this browser's localStorage. */
export function localDraftStorage(userId: string): DraftStorage {
  const prefix = `${PREFIX}${userId}.`;
  return {
    load() {
      const drafts = new Map<string, StoredDraft>();
      const store = storage();
      if (!store) return drafts;
      for (let i = 0; i < store.length; i++) {
        const key = store.key(i);
        if (!key?.startsWith(prefix)) continue;
        const draft = parse(store.getItem(key));
        if (draft) drafts.set(key.slice(prefix.length), draft);
      }
      return drafts;
    },
    put(conversationId, draft) {
      const store = storage();
      const key = `${prefix}${conversationId}`;
      try {
        if (draft) store?.setItem(key, JSON.stringify(draft));
        else store?.removeItem(key);
      } catch {
        // Full: the draft still goes to the server after the pause in typing.
      }
    },
  };
}

/** Forgets every account's unsaved drafts in this browser (signing out of a shared computer). */
export function forgetLocalDrafts(): void {
  const store = storage();
  if (!store) return;
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  for (const key of keys) store.removeItem(key);
}
