import type { Conversation, Friend } from '@liao/protocol';
import { useEffect, useMemo } from 'react';
import { appStore, useAppStore } from '../app/state/store';
import type { GroupRoster } from './conversationText';
import { membersOf, rosterOf } from './groupMembers';

/** Rows that only fly past while scrolling do not ask for anything (as the mosaic waits). */
const SETTLE_MS = 150;

/** Whether a conversation is called by its people, so that showing it needs its member list. */
function namedByPeople(
  conversation: Conversation | undefined,
  friends: readonly Friend[],
): conversation is Conversation {
  if (!conversation) return false;
  if (conversation.kind === 'group') return conversation.name === null;
  // A one-to-one chat with someone who is no longer a friend: their name is in the member list.
  return !friends.some((f) => f.user.id === conversation.peerId);
}

/**
 * Reads a group's member list into the store wherever the group shows and `wanted` says it
 * needs it (after a short pause, so rows that fly past ask nothing; again when its members
 * change). A group I am no longer in cannot be read and keeps what was read before.
 */
export function useGroupMembersLoad(conversation: Conversation | undefined, wanted: boolean): void {
  const load = wanted && conversation?.active === true;
  const id = conversation?.id ?? '';
  const membersVersion = conversation?.membersVersion ?? 0;
  const loadMembers = useAppStore((s) => s.loadMembers);
  useEffect(() => {
    if (!load) return;
    const timer = setTimeout(() => void loadMembers(id, membersVersion), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [load, id, membersVersion, loadMembers]);
}

/** Reads the member list of a group without a name, so that it can be called by its people ("群聊" until then). */
export function useGroupRosterLoad(conversation: Conversation | undefined): void {
  const friends = useAppStore((s) => s.friends);
  useGroupMembersLoad(conversation, namedByPeople(conversation, friends));
}

/** The roster to call a group without a name by: null for other chats and until it is read. */
export function useGroupRoster(conversation: Conversation | undefined): GroupRoster | null {
  useGroupRosterLoad(conversation);
  const friends = useAppStore((s) => s.friends);
  const id = namedByPeople(conversation, friends) ? conversation.id : null;
  const entry = useAppStore((s) => (id === null ? undefined : membersOf(s, id)));
  const me = useAppStore((s) => s.me);
  return useMemo(() => rosterOf(entry, me), [entry, me]);
}

/** The roster held now, for naming a chat in answer to a click (outside rendering). */
export function currentRoster(conversationId: string): GroupRoster | null {
  const state = appStore.getState();
  return rosterOf(membersOf(state, conversationId), state.me);
}
