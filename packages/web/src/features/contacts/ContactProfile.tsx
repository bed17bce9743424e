import { Ban, MessageCircle, ShieldCheck, UserMinus } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../../ui/Avatar';
import { Button } from '../../ui/Button';
import './ContactProfile.css';
import { InlineEditField } from '../../ui/InlineEditField';

type Props = {
  displayName: string;
  remark: string;
  username: string;
  signature: string;
  avatarUrl: string | null;
  blocked: boolean;
  remarkMax: number;
  /** Resolves to a translated error, or null when saved. */
  onSaveRemark: (remark: string) => Promise<string | null>;
  onSendMessage: () => void;
  sendBusy: boolean;
  onDelete: () => void;
  onToggleBlock: () => void;
  blockBusy: boolean;
};

/** A friend's profile card: who they are, the remark only you see, and what you can do. */
export function ContactProfile({
  displayName,
  remark,
  username,
  signature,
  avatarUrl,
  blocked,
  remarkMax,
  onSaveRemark,
  onSendMessage,
  sendBusy,
  onDelete,
  onToggleBlock,
  blockBusy,
}: Props) {
  const { t } = useTranslation();
  return (
    <article className="profile" aria-label={remark || displayName}>
      <header className="profile__head">
        <Avatar name={displayName} src={avatarUrl} size={64} />
        <div className="profile__who">
          <h2 className="profile__name">
            <span className="truncate">{remark || displayName}</span>
            {blocked && <span className="profile__tag">{t('profile.blockedTag')}</span>}
          </h2>
          {remark && (
            <p className="profile__meta truncate">{t('profile.nicknameLine', { name: displayName })}</p>
          )}
          <p className="profile__meta truncate">{t('profile.usernameLine', { username })}</p>
        </div>
      </header>
      <dl className="profile__fields">
        <div className="profile__field">
          <dt>{t('profile.remark')}</dt>
          <dd>
            <InlineEditField
              label={t('profile.remark')}
              editLabel={t('profile.editRemark')}
              value={remark}
              placeholder={t('profile.remarkPlaceholder')}
              emptyText={t('profile.remarkEmpty')}
              maxChars={remarkMax}
              onSave={onSaveRemark}
            />
          </dd>
        </div>
        <div className="profile__field">
          <dt>{t('profile.signature')}</dt>
          <dd className={signature ? 'profile__signature' : 'profile__signature profile__signature--empty'}>
            {signature || t('profile.noSignature')}
          </dd>
        </div>
      </dl>
      <div className="profile__actions">
        <Button
          variant="primary"
          onClick={onSendMessage}
          busy={sendBusy}
          disabled={blocked}
          icon={<MessageCircle size={16} />}
        >
          {t('profile.sendMessage')}
        </Button>
        <Button
          onClick={onToggleBlock}
          busy={blockBusy}
          icon={blocked ? <ShieldCheck size={16} /> : <Ban size={16} />}
        >
          {blocked ? t('profile.unblock') : t('profile.block')}
        </Button>
        <Button variant="danger" onClick={onDelete} icon={<UserMinus size={16} />}>
          {t('profile.deleteFriend')}
        </Button>
      </div>
    </article>
  );
}
