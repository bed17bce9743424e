import { Ellipsis } from 'lucide-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconButton } from '../components/IconButton';
import { ChatInfoPanel } from './ChatInfoPanel';
import './chatInfo.css';

/**
 * The chat header's "…" and the info panel it opens, for ChatScreen to place: `button` in the
 * header's actions, `panel` anywhere in the chat (it positions itself).
 */
export function useChatInfo(conversationId: string, asPage: boolean) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  return {
    button: (
      <IconButton label={t('groups.info')} icon={<Ellipsis size={20} />} onClick={() => setOpen((o) => !o)} />
    ),
    panel: open ? <ChatInfoPanel conversationId={conversationId} asPage={asPage} onClose={close} /> : null,
  };
}
