import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/i18n/errors';
import { useAppStore } from '../../app/state/store';
import { GROUP_NAME_MAX, MIN_GROUP_FRIENDS } from './groupsModel';
import { PickFriendsDialog } from './PickFriendsDialog';
import { usePickableFriends } from './usePickableFriends';

/** 发起群聊: shown while the store's createGroup is set; creating opens the new chat. */
export function CreateGroupDialog() {
  const { t } = useTranslation();
  const request = useAppStore((s) => s.createGroup);
  const close = useAppStore((s) => s.closeCreateGroup);
  const createGroupChat = useAppStore((s) => s.createGroupChat);
  const { contacts, groupsFor } = usePickableFriends();
  if (!request) return null;
  return (
    <PickFriendsDialog
      title={t('groups.newGroup')}
      contacts={contacts}
      groupsFor={groupsFor}
      initialPicked={request.preselected}
      minPicked={MIN_GROUP_FRIENDS}
      confirmLabel={t('groups.create')}
      nameField={{
        label: t('groups.groupName'),
        placeholder: t('groups.groupNamePlaceholder'),
        maxChars: GROUP_NAME_MAX,
      }}
      onConfirm={async (picked, name) => {
        try {
          await createGroupChat(picked, name);
          close();
          return null;
        } catch (error) {
          return describeError(t, error);
        }
      }}
      onClose={close}
    />
  );
}
