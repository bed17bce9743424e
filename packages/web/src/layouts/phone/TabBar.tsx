import { Clapperboard, MessageCircle, UserRound, Users } from 'lucide-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { attentionCount } from '../../app/state/attention';
import { useAppStore } from '../../app/state/store';
import { pendingIncomingCount } from '../../features/contacts';
import { Badge } from '../../ui/Badge';

type TabProps = { label: string; active: boolean; onClick: () => void; icon: ReactNode; badge?: ReactNode };

function Tab({ label, active, onClick, icon, badge }: TabProps) {
  return (
    <button
      type="button"
      className="tabbar__tab"
      aria-current={active ? 'page' : undefined}
      onClick={onClick}
    >
      <span className="tabbar__icon">
        {icon}
        {badge}
      </span>
      <span className="tabbar__label">{label}</span>
    </button>
  );
}

/** The phone's bottom tabs: Messages, Friends (with the request badge), Videos, Me. */
export function TabBar() {
  const { t } = useTranslation();
  const route = useAppStore((s) => s.route);
  const incoming = useAppStore((s) => s.incoming);
  const navigate = useAppStore((s) => s.navigate);
  const pending = pendingIncomingCount(incoming, Date.now());
  const conversations = useAppStore((s) => s.conversations);
  // The same number as the title and the app badge: muted chats left out, marked unread as one.
  const loud = attentionCount(conversations);
  return (
    <nav className="tabbar" aria-label={t('nav.label')}>
      <Tab
        label={t('nav.messages')}
        active={route.name === 'messages'}
        onClick={() => navigate({ name: 'messages' })}
        icon={<MessageCircle size={24} strokeWidth={1.8} />}
        badge={
          <Badge count={loud} label={t('messages.unreadBadge', { count: loud })} className="tabbar__badge" />
        }
      />
      <Tab
        label={t('nav.friends')}
        active={route.name === 'friends'}
        onClick={() => navigate({ name: 'friends', pane: { kind: 'none' } })}
        icon={<Users size={24} strokeWidth={1.8} />}
        badge={
          <Badge
            count={pending}
            label={t('friends.pendingBadge', { count: pending })}
            className="tabbar__badge"
          />
        }
      />
      <Tab
        label={t('videos.title')}
        active={route.name === 'videos'}
        onClick={() => navigate({ name: 'videos', tab: 'feed' })}
        icon={<Clapperboard size={23} strokeWidth={1.8} />}
      />
      <Tab
        label={t('nav.me')}
        active={route.name === 'settings'}
        onClick={() => navigate({ name: 'settings', section: null })}
        icon={<UserRound size={24} strokeWidth={1.8} />}
      />
    </nav>
  );
}
