import type { Friend } from '@liao/protocol';
import { useCallback, useMemo } from 'react';
import { useAppStore } from '../../app/state/store';
import { friendName } from '../../entities/people';
import { groupContacts } from '../contacts';
import { filterFriends } from './groupsModel';
import type { PickerContact, PickerGroup } from './PickFriendsDialog';

function toContact(friend: Friend): PickerContact {
  return {
    id: friend.user.id,
    name: friendName(friend),
    avatarName: friend.user.displayName,
    avatarUrl: friend.user.avatarUrl,
  };
}

/** My friends for the friend picker: all of them, and those matching a query grouped A–Z. */
export function usePickableFriends(): {
  contacts: PickerContact[];
  groupsFor: (query: string) => PickerGroup[];
} {
  const friends = useAppStore((s) => s.friends);
  const contacts = useMemo(() => friends.map(toContact), [friends]);
  const groupsFor = useCallback(
    (query: string) =>
      groupContacts(filterFriends(friends, query)).map((group) => ({
        letter: group.letter,
        contacts: group.friends.map(toContact),
      })),
    [friends],
  );
  return { contacts, groupsFor };
}
