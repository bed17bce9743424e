import type { Conversation } from '@liao/protocol';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/i18n/errors';
import { useAppStore } from '../../app/state/store';
import { membersOf } from '../../entities/groupMembers';
import { memberFace } from '../../entities/people';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { InlineEditField } from '../../ui/InlineEditField';
import {
  canRemoveMember,
  GROUP_NAME_MAX,
  groupAbilities,
  heirOf,
  NICKNAME_MAX,
  sortMembers,
} from './groupsModel';
import { type GridMember, MemberGrid } from './MemberGrid';
import { PickFriendsDialog } from './PickFriendsDialog';
import { usePickableFriends } from './usePickableFriends';

type Props = {
  conversation: Conversation;
  /**
   * The chat's own switches (pin, and mute unless `showMute` is false), which the chat info
   * panel that holds this passes in: they are the chat's, not the group's.
   */
  switches: (showMute: boolean) => ReactNode;
};

type Confirming = { kind: 'remove'; userId: string; name: string } | { kind: 'leave' | 'dissolve' } | null;

/** A group's side of the chat info panel: members, name, my nickname, switches, leave and dissolve. */
export function GroupInfo({ conversation, switches }: Props) {
  const { t } = useTranslation();
  const id = conversation.id;
  const entry = useAppStore((s) => membersOf(s, id));
  const me = useAppStore((s) => s.me);
  const friends = useAppStore((s) => s.friends);
  const loadMembers = useAppStore((s) => s.loadMembers);
  const renameGroup = useAppStore((s) => s.renameGroup);
  const setGroupNickname = useAppStore((s) => s.setGroupNickname);
  const inviteMembers = useAppStore((s) => s.inviteMembers);
  const removeMember = useAppStore((s) => s.removeMember);
  const leaveGroup = useAppStore((s) => s.leaveGroup);
  const dissolveGroup = useAppStore((s) => s.dissolveGroup);
  const navigate = useAppStore((s) => s.navigate);
  const pickable = usePickableFriends();
  const [removing, setRemoving] = useState(false);
  const [inviting, setInviting] = useState(false);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [busy, setBusy] = useState(false);
  const [confirmError, setConfirmError] = useState<string | null>(null);

  const abilities = groupAbilities(conversation);
  const meId = me?.id ?? '';
  const members = useMemo(() => entry?.members ?? [], [entry]);
  const memberIds = useMemo(() => new Set(members.map((m) => m.userId)), [members]);

  // The list follows membersVersion: every change to who is in it, roles or nicknames moves it.
  useEffect(() => {
    if (conversation.active) void loadMembers(id, conversation.membersVersion);
  }, [id, conversation.active, conversation.membersVersion, loadMembers]);

  const nameOf = (userId: string) => {
    const member = members.find((m) => m.userId === userId);
    return member ? memberFace(member, me, friends).name : t('groups.unknownMember');
  };

  const tiles = useMemo(
    () =>
      sortMembers(members).map((member): GridMember => {
        const face = memberFace(member, me, friends);
        const badge =
          member.role === 'owner' ? t('groups.owner') : member.role === 'admin' ? t('groups.admin') : null;
        return {
          id: member.userId,
          name: face.name,
          avatarName: face.avatarName,
          avatarUrl: face.avatarUrl,
          ...(badge ? { badge } : {}),
          removable: abilities.remove && canRemoveMember(conversation.myRole, meId, member),
          openable: face.isFriend,
        };
      }),
    [members, me, friends, t, abilities.remove, conversation.myRole, meId],
  );

  async function confirm() {
    if (!confirming) return;
    setBusy(true);
    setConfirmError(null);
    try {
      if (confirming.kind === 'remove') await removeMember(id, confirming.userId);
      else if (confirming.kind === 'leave') await leaveGroup(id);
      else await dissolveGroup(id);
      setConfirming(null);
    } catch (error) {
      setConfirmError(describeError(t, error));
    } finally {
      setBusy(false);
    }
  }

  const saveWith = (save: (value: string) => Promise<void>) => async (value: string) => {
    try {
      await save(value);
      return null;
    } catch (error) {
      return describeError(t, error);
    }
  };

  if (!conversation.active) {
    return (
      <>
        <p className="chat-info__notice">
          {conversation.dissolved ? t('groups.dissolvedNotice') : t('groups.notMemberNotice')}
        </p>
        {switches(false)}
      </>
    );
  }

  const myNickname = members.find((m) => m.userId === meId)?.nickname ?? '';
  const heir = heirOf(members, meId);
  const ownerLeaving = conversation.myRole === 'owner' && heir;
  const dialogText = {
    remove: {
      title: t('groups.removeConfirmTitle'),
      body: confirming?.kind === 'remove' ? t('groups.removeConfirmBody', { name: confirming.name }) : '',
      label: t('groups.remove'),
    },
    leave: {
      title: t('groups.leave'),
      body: ownerLeaving
        ? t('groups.leaveOwnerBody', { name: nameOf(heir.userId) })
        : t('groups.leaveConfirmBody'),
      label: t('groups.leave'),
    },
    dissolve: {
      title: t('groups.dissolve'),
      body: t('groups.dissolveConfirmBody'),
      label: t('groups.dissolve'),
    },
  }[confirming?.kind ?? 'leave'];

  return (
    <>
      <section
        className="chat-info__block"
        aria-label={t('groups.members', { count: conversation.memberCount })}
      >
        <h3 className="chat-info__label">{t('groups.members', { count: conversation.memberCount })}</h3>
        {entry?.status === 'error' ? (
          <div className="load-error" role="alert">
            {t('common.loadFailed')}
            <Button size="s" onClick={() => void loadMembers(id, conversation.membersVersion)}>
              {t('common.retry')}
            </Button>
          </div>
        ) : (
          <MemberGrid
            members={tiles}
            onOpen={(userId) => navigate({ name: 'friends', pane: { kind: 'contact', userId } })}
            {...(abilities.invite
              ? { add: { label: t('groups.addMember'), onClick: () => setInviting(true) } }
              : {})}
            {...(abilities.remove && tiles.some((m) => m.removable)
              ? {
                  remove: {
                    label: removing ? t('groups.doneRemoving') : t('groups.removeMembers'),
                    active: removing,
                    onToggle: () => setRemoving((r) => !r),
                  },
                }
              : {})}
            removeMemberLabel={(name) => t('groups.removeMember', { name })}
            onRemove={(userId) => setConfirming({ kind: 'remove', userId, name: nameOf(userId) })}
          />
        )}
      </section>

      <section className="chat-info__block">
        <h3 className="chat-info__label">{t('groups.name')}</h3>
        <InlineEditField
          label={t('groups.name')}
          editLabel={t('groups.rename')}
          value={conversation.name ?? ''}
          placeholder={t('groups.name')}
          emptyText={t('groups.unnamed')}
          maxChars={GROUP_NAME_MAX}
          onSave={async (name) =>
            name ? saveWith((value) => renameGroup(id, value))(name) : t('validation.required')
          }
        />
        <h3 className="chat-info__label">{t('groups.myNickname')}</h3>
        <InlineEditField
          label={t('groups.myNickname')}
          editLabel={t('groups.editNickname')}
          value={myNickname}
          placeholder={t('groups.nicknamePlaceholder')}
          emptyText={t('groups.nicknameEmpty')}
          maxChars={NICKNAME_MAX}
          onSave={saveWith((nickname) => setGroupNickname(id, nickname))}
        />
      </section>

      {switches(true)}

      <div className="chat-info__actions">
        {abilities.leave && (
          <Button variant="danger" block onClick={() => setConfirming({ kind: 'leave' })}>
            {t('groups.leave')}
          </Button>
        )}
        {abilities.dissolve && (
          <Button variant="danger" block onClick={() => setConfirming({ kind: 'dissolve' })}>
            {t('groups.dissolve')}
          </Button>
        )}
      </div>

      <ConfirmDialog
        open={confirming !== null}
        title={dialogText.title}
        body={dialogText.body}
        confirmLabel={dialogText.label}
        cancelLabel={t('common.cancel')}
        danger
        busy={busy}
        error={confirmError}
        onConfirm={() => void confirm()}
        onCancel={() => {
          setConfirming(null);
          setConfirmError(null);
        }}
      />
      {inviting && (
        <PickFriendsDialog
          title={t('groups.inviteTitle')}
          contacts={pickable.contacts}
          groupsFor={pickable.groupsFor}
          locked={memberIds}
          minPicked={1}
          confirmLabel={t('groups.invite')}
          onConfirm={async (picked) => {
            try {
              await inviteMembers(id, picked);
              setInviting(false);
              return null;
            } catch (error) {
              return describeError(t, error);
            }
          }}
          onClose={() => setInviting(false)}
        />
      )}
    </>
  );
}
