import { MessageCircle } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button } from '../components/Button';
import { EmptyState } from '../components/EmptyState';
import { PaneHeader } from '../components/PaneHeader';
import { useAppStore } from '../state/store';
import './screens.css';

/** The conversation list; empty until chats arrive in a later issue. */
export function MessagesScreen() {
  const { t } = useTranslation();
  const navigate = useAppStore((s) => s.navigate);
  return (
    <div className="column">
      <PaneHeader title={t('messages.title')} />
      <div className="column__body">
        <EmptyState
          icon={<MessageCircle size={28} />}
          title={t('messages.emptyTitle')}
          body={t('messages.emptyBody')}
          action={
            <Button variant="primary" onClick={() => navigate({ name: 'friends', pane: { kind: 'none' } })}>
              {t('messages.emptyAction')}
            </Button>
          }
        />
      </div>
    </div>
  );
}
