import { useEffect, useRef, useState } from 'react';
import { DraftSync } from '../state/draftSync';
import { onAccountWipe } from '../state/localData';
import { client } from '../state/sdk';
import { appStore, useAppStore } from '../state/store';

// One per signed-in account, so that drafts never pass from one person to the next; dropped at
// sign-out, so that the same account signing in again on a shared computer finds none either.
let current: { userId: string; drafts: DraftSync } | null = null;
onAccountWipe(() => {
  current = null;
});

function draftsOf(userId: string): DraftSync {
  if (current?.userId !== userId) {
    const drafts = new DraftSync(async (conversationId, draft) => {
      const { guard } = appStore.getState();
      const conversation = await guard(client.api.updateConversation(conversationId, { draft }));
      return conversation.pos;
    });
    current = { userId, drafts };
  }
  return current.drafts;
}

/**
 * A chat's draft: starts from the one synced across the user's devices (unless this device's
 * edit is newer), saved a moment after typing stops, when the chat is left and when the page
 * goes to the background. `clear` is for a sent message.
 */
export function useSyncedDraft(conversationId: string) {
  const userId = useAppStore((s) => s.me?.id ?? '');
  const syncedDraft = useAppStore((s) => s.conversations.find((c) => c.id === conversationId)?.draft);
  const syncedPos = useAppStore((s) => s.conversations.find((c) => c.id === conversationId)?.pos ?? 0);
  const drafts = draftsOf(userId);
  const [text, setText] = useState(() =>
    drafts.open(conversationId, { draft: syncedDraft ?? '', pos: syncedPos }),
  );
  const known = useRef(syncedDraft !== undefined);

  // The chat's row may arrive after the chat opened (a reload), or another device may write.
  useEffect(() => {
    if (syncedDraft === undefined) return;
    const synced = { draft: syncedDraft, pos: syncedPos };
    const next = known.current
      ? drafts.syncedChanged(conversationId, synced)
      : drafts.open(conversationId, synced);
    known.current = true;
    if (next !== null) setText(next);
  }, [drafts, conversationId, syncedDraft, syncedPos]);

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

  return { text, change, clear };
}
