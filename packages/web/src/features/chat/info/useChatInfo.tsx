import { Ellipsis } from 'lucide-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconButton } from '../../../ui/IconButton';
import { ChatInfoPanel } from './ChatInfoPanel';
import './chatInfo.css';

/**
 * The chat header's "…" and the info panel it opens, for ChatScreen to place: `button` in the
 * header's actions, `panel` anywhere in the chat (it positions itself), and `docked` to mark
 * the chat that makes room for it.
 */
export function useChatInfo(conversationId: string, asPage: boolean) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  return {
    /** The panel is open beside the messages (the desktop), which make room for it. */
    docked: open && !asPage,
    button: (
      <IconButton label={t('groups.info')} icon={<Ellipsis size={20} />} onClick={() => setOpen((o) => !o)} />
    ),
    panel: open ? <ChatInfoPanel conversationId={conversationId} asPage={asPage} onClose={close} /> : null,
  };
}
