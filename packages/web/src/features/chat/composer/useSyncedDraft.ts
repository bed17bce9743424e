import { useEffect, useRef, useState } from 'react';
import { onAccountWipe } from '../../../app/state/localData';
import { appStore, useAppStore } from '../../../app/state/store';
import { DraftSync } from './draftSync';
import { localDraftStorage } from './localDrafts';

// One per signed-in account, so that drafts never pass from one person to the next; dropped at
// sign-out, so that the same account signing in again on a shared computer finds none either.
let current: { userId: string; drafts: DraftSync } | null = null;
onAccountWipe(() => {
  current?.drafts.forget();
  current = null;
});

function draftsOf(userId: string): DraftSync {
  if (current?.userId !== userId) {
    const drafts = new DraftSync(
      (conversationId, draft) => appStore.getState().saveDraft(conversationId, draft),
      userId === '' ? undefined : localDraftStorage(userId),
    );
    current = { userId, drafts };
  }
  return current.drafts;
}

/**
 * A chat's draft: starts from the one synced across the user's devices unless this device's
 * own edit is newer (kept in localStorage at every keystroke, so a reload keeps it too), saved
 * a moment after typing stops, when the chat is left and when the page goes to the background.
 * `clear` is for a sent message.
 */
export function useSyncedDraft(conversationId: string) {
  const userId = useAppStore((s) => s.me?.id ?? '');
  const syncedDraft = useAppStore((s) => s.conversations.find((c) => c.id === conversationId)?.draft);
  // A row stored by an older version has no save time: as if never saved.
  const syncedAt = useAppStore(
    (s) => s.conversations.find((c) => c.id === conversationId)?.draftUpdatedAt ?? null,
  );
  const drafts = draftsOf(userId);
  const [text, setText] = useState(() =>
    drafts.open(
      conversationId,
      syncedDraft === undefined ? null : { draft: syncedDraft, updatedAt: syncedAt },
    ),
  );
  const known = useRef(syncedDraft !== undefined);

  // The chat's row may arrive after the chat opened (a reload), or another device may write.
  useEffect(() => {
    if (syncedDraft === undefined) return;
    const synced = { draft: syncedDraft, updatedAt: syncedAt };
    const next = known.current
      ? drafts.syncedChanged(conversationId, synced)
      : drafts.open(conversationId, synced);
    known.current = true;
    if (next !== null) setText(next);
  }, [drafts, conversationId, syncedDraft, syncedAt]);

  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') void drafts.flush(conversationId);
    };
    document.addEventListener('visibilitychange', onHide);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      void drafts.flush(conversationId);
    };
  }, [drafts, conversationId]);

  function change(value: string) {
    drafts.edit(conversationId, value);
    setText(value);
  }

  function clear() {
    setText('');
    void drafts.sent(conversationId);
  }

  // What the composer holds now, for restore (called later, from a refused send).
  const current = useRef(text);
  current.current = text;
  /** Puts back text whose sending was refused, unless the composer holds something new. */
  function restore(value: string) {
    if (current.current === '') change(value);
  }

  return { text, change, clear, restore };
}
