import { LiaoError } from '@liao/client';
import type { PublicUser } from '@liao/protocol';
import { SearchX } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/i18n/errors';
import { useAppStore } from '../../app/state/store';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { FormError } from '../../ui/FormError';
import { PaneHeader } from '../../ui/PaneHeader';
import { TextField } from '../../ui/TextField';
import { FoundUserActions } from './FoundUserActions';
import { relationOf } from './friendsModel';
import { UserCard } from './UserCard';
import '../../styles/screens.css';

type Props = { onBack?: () => void };

const USERNAME = /^[A-Za-z][A-Za-z0-9_.]{2,31}$/;

/** "Add friend": find someone by exact username, then send a request with a greeting. */
export function AddFriendScreen({ onBack }: Props) {
  const { t } = useTranslation();
  const search = useAppStore((s) => s.search);
  const searchUser = useAppStore((s) => s.searchUser);
  const [username, setUsername] = useState(search.status === 'idle' ? '' : search.username);
  const [formatError, setFormatError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const wanted = username.trim().replace(/^@/, '');
    if (!USERNAME.test(wanted)) {
      setFormatError(t(wanted ? 'validation.usernameFormat' : 'validation.required'));
      return;
    }
    setFormatError(null);
    void searchUser(wanted);
  }

  return (
    <div className="pane">
      <PaneHeader title={t('add.title')} onBack={onBack} backLabel={t('common.back')} />
      <div className="pane__body">
        <div className="pane__content add-friend">
          <form className="add-friend__search" noValidate onSubmit={submit}>
            <TextField
              label={t('add.searchLabel')}
              hideLabel
              prefix="@"
              placeholder={t('add.searchPlaceholder')}
              value={username}
              onChange={(value) => {
                setUsername(value);
                setFormatError(null);
              }}
              hint={t('add.searchHint')}
              error={formatError}
              autoCapitalize="off"
              autoComplete="off"
              spellCheck={false}
              enterKeyHint="search"
              autoFocus
            />
            <Button type="submit" variant="primary" size="l" busy={search.status === 'searching'}>
              {t('add.search')}
            </Button>
          </form>
          <SearchResult />
        </div>
      </div>
    </div>
  );
}

function SearchResult() {
  const { t } = useTranslation();
  const search = useAppStore((s) => s.search);
  if (search.status === 'found') return <FoundUser user={search.result.user} />;
  if (search.status !== 'failed') return null;
  if (search.error instanceof LiaoError && search.error.code === 'USER_NOT_FOUND') {
    return (
      <div className="add-friend__none">
        <EmptyState icon={<SearchX size={28} />} title={t('add.notFound')} body={t('add.notFoundHint')} />
      </div>
    );
  }
  return <FormError message={describeError(t, search.error)} />;
}

function FoundUser({ user }: { user: PublicUser }) {
  const search = useAppStore((s) => s.search);
  const me = useAppStore((s) => s.me);
  const friends = useAppStore((s) => s.friends);
  const incoming = useAppStore((s) => s.incoming);
  const outgoing = useAppStore((s) => s.outgoing);
  const blocked = useAppStore((s) => s.blocked);
  const status = useAppStore((s) => s.friendsStatus);
  if (search.status !== 'found') return null;
  const relation = relationOf(
    search.result,
    { me, friends, incoming, outgoing, blocked },
    status === 'ready',
    Date.now(),
  );
  return (
    <UserCard
      displayName={user.displayName}
      username={user.username}
      signature={user.signature}
      avatarUrl={user.avatarUrl}
    >
      <FoundUserActions key={user.id} user={user} relation={relation} />
    </UserCard>
  );
}
