import { Clapperboard, MessageCircle, Settings, Users } from 'lucide-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { attentionCount } from '../../app/state/attention';
import { useAppStore } from '../../app/state/store';
import { pendingIncomingCount } from '../../features/contacts';
import { Avatar } from '../../ui/Avatar';
import { Badge } from '../../ui/Badge';

type ItemProps = { label: string; active: boolean; onClick: () => void; children: ReactNode };

function RailItem({ label, active, onClick, children }: ItemProps) {
  return (
    <button
      type="button"
      className="rail__item"
      aria-label={label}
      title={label}
      aria-current={active ? 'page' : undefined}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

/** The 64 px navigation rail: my avatar, Messages, Friends (with the request badge), Videos, Settings. */
export function NavRail() {
  const { t } = useTranslation();
  const me = useAppStore((s) => s.me);
  const route = useAppStore((s) => s.route);
  const incoming = useAppStore((s) => s.incoming);
  const navigate = useAppStore((s) => s.navigate);
  const pending = pendingIncomingCount(incoming, Date.now());
  const conversations = useAppStore((s) => s.conversations);
  // The same number as the title and the app badge: muted chats left out, marked unread as one.
  const loud = attentionCount(conversations);
  return (
    <nav className="rail" aria-label={t('nav.label')}>
      {me && (
        <button
          type="button"
          className="rail__me"
          aria-label={t('nav.profile')}
          title={me.displayName}
          onClick={() => navigate({ name: 'settings', section: 'profile' })}
        >
          <Avatar name={me.displayName} src={me.avatarUrl} size={36} />
        </button>
      )}
      <RailItem
        label={loud > 0 ? t('messages.navWithUnread', { count: loud }) : t('nav.messages')}
        active={route.name === 'messages'}
        onClick={() => navigate({ name: 'messages' })}
      >
        <MessageCircle size={24} strokeWidth={1.8} />
        <Badge count={loud} className="rail__badge" />
      </RailItem>
      <RailItem
        label={pending > 0 ? t('friends.navWithPending', { count: pending }) : t('nav.friends')}
        active={route.name === 'friends'}
        onClick={() => navigate({ name: 'friends', pane: { kind: 'none' } })}
      >
        <Users size={24} strokeWidth={1.8} />
        <Badge count={pending} className="rail__badge" />
      </RailItem>
      <RailItem
        label={t('videos.title')}
        active={route.name === 'videos'}
        onClick={() => navigate({ name: 'videos', tab: 'feed' })}
      >
        <Clapperboard size={23} strokeWidth={1.8} />
      </RailItem>
      <span className="rail__spacer" />
      <RailItem
        label={t('nav.settings')}
        active={route.name === 'settings'}
        onClick={() => navigate({ name: 'settings', section: null })}
      >
        <Settings size={22} strokeWidth={1.8} />
      </RailItem>
    </nav>
  );
}
