import type { PublicUser } from '@liao/protocol';
import { CircleCheck, Clock } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/i18n/errors';
import { useAppStore } from '../../app/state/store';
import { checkGreeting, clampText, LIMITS } from '../../lib/validation';
import { Button } from '../../ui/Button';
import { FormError } from '../../ui/FormError';
import { TextField } from '../../ui/TextField';
import type { Relation } from './friendsModel';
import { requestState } from './friendsModel';

type Props = { user: PublicUser; relation: Relation };

/** Under a search result: the greeting and Send, or what already links the two people. */
export function FoundUserActions({ user, relation }: Props) {
  const { t } = useTranslation();
  const me = useAppStore((s) => s.me);
  const incoming = useAppStore((s) => s.incoming);
  const blocked = useAppStore((s) => s.blocked.some((b) => b.user.id === user.id));
  const unblock = useAppStore((s) => s.unblockUser);
  const sendRequest = useAppStore((s) => s.sendFriendRequest);
  const accept = useAppStore((s) => s.acceptFriendRequest);
  const navigate = useAppStore((s) => s.navigate);
  // Like WeChat: the greeting starts as "I'm <my name>" and can be edited.
  const [greeting, setGreeting] = useState(() =>
    clampText(t('add.greetingDefault', { name: me?.displayName ?? '' }), LIMITS.greeting),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [becameFriends, setBecameFriends] = useState(false);
  const greetingProblem = checkGreeting(greeting);

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  }

  const openProfile = () => navigate({ name: 'friends', pane: { kind: 'contact', userId: user.id } });

  if (blocked && relation !== 'self' && relation !== 'friend') {
    return (
      <>
        <div className="found__row">
          <p className="found__status">{t('add.blocked')}</p>
          <Button busy={busy} onClick={() => void run(() => unblock(user.id))}>
            {t('profile.unblock')}
          </Button>
        </div>
        <FormError message={error} />
      </>
    );
  }

  switch (relation) {
    case 'self':
      return <p className="found__status">{t('add.self')}</p>;
    case 'friend':
      return (
        <div className="found__row">
          <p className="found__status found__status--ok">
            <CircleCheck size={16} aria-hidden="true" />
            {becameFriends ? t('add.becameFriends') : t('add.alreadyFriends')}
          </p>
          <Button onClick={openProfile}>{t('add.openProfile')}</Button>
        </div>
      );
    case 'outgoing-request':
      return (
        <p className="found__status" role="status">
          <Clock size={16} aria-hidden="true" />
          {t('add.sent')}
        </p>
      );
    case 'incoming-request': {
      const request = incoming.find(
        (r) => r.from.id === user.id && requestState(r, Date.now()) === 'pending',
      );
      return (
        <>
          <div className="found__row">
            <p className="found__status">{t('add.incoming')}</p>
            {request && (
              <Button variant="primary" busy={busy} onClick={() => void run(() => accept(request.id))}>
                {t('requests.accept')}
              </Button>
            )}
          </div>
          <FormError message={error} />
        </>
      );
    }
    case 'none':
      return (
        <form
          className="found__form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (greetingProblem) return;
            void run(async () => {
              const result = await sendRequest(user.id, greeting.trim());
              if (result.friend) setBecameFriends(true);
            });
          }}
        >
          <TextField
            label={t('add.greeting')}
            value={greeting}
            onChange={setGreeting}
            maxChars={LIMITS.greeting}
            multiline
            error={greetingProblem ? t(`validation.${greetingProblem}`, { max: LIMITS.greeting }) : null}
          />
          <FormError message={error} />
          <Button type="submit" variant="primary" block busy={busy} disabled={Boolean(greetingProblem)}>
            {busy ? t('add.sending') : t('add.send')}
          </Button>
        </form>
      );
  }
}
