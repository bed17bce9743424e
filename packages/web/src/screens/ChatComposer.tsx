import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Composer } from '../components/Composer';
import { describeError } from '../i18n/errors';
import { useAppStore } from '../state/store';

type Props = { conversationId: string };

// Drafts live for the session, per conversation (synced drafts come later).
const drafts = new Map<string, string>();

/** The open chat's composer: its draft, and sending what is written. */
export function ChatComposer({ conversationId }: Props) {
  const { t } = useTranslation();
  const sendText = useAppStore((s) => s.sendText);
  const showToast = useAppStore((s) => s.showToast);
  const [draft, setDraftState] = useState(() => drafts.get(conversationId) ?? '');

  function setDraft(value: string) {
    drafts.set(conversationId, value);
    setDraftState(value);
  }

  function send(text: string) {
    setDraft('');
    sendText(conversationId, text).catch((error: unknown) => showToast(describeError(t, error), 'error'));
  }

  return (
    <Composer
      value={draft}
      placeholder={t('messages.composerPlaceholder')}
      sendLabel={t('messages.send')}
      onChange={setDraft}
      onSend={send}
    />
  );
}
