import type { Conversation } from '@liao/protocol';
import { useTranslation } from 'react-i18next';
import '../info/chatInfo.css';

/** Where the composer was, in a chat I can no longer write to (removed, left, dissolved). */
export function ChatClosedNotice({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  return (
    <p className="chat-closed" role="status">
      {conversation.dissolved ? t('groups.dissolvedNotice') : t('groups.notMemberNotice')}
    </p>
  );
}
