import type { Conversation } from '@liao/protocol';
import { useMemo } from 'react';
import { useAppStore } from '../app/state/store';
import type { MosaicFace } from './GroupMosaic';
import { membersOf } from './groupMembers';
import { useGroupMembersLoad } from './groupRoster';

/** A WeChat mosaic shows at most nine faces. */
const MOSAIC_MEMBERS = 9;

/**
 * The faces a group's mosaic shows: its first nine members, from the member list the store
 * holds (read after the row settles, and again when membersVersion moves — the same list that
 * names the group and its senders). Friends and I are drawn from what the store knows of us,
 * which follows our changes live; other members from the list, which carries every member's
 * name and picture. Null until the list is read: the row shows the group's initial.
 */
export function useGroupFaces(conversation: Conversation): MosaicFace[] | null {
  const isGroup = conversation.kind === 'group';
  useGroupMembersLoad(conversation, isGroup);
  const entry = useAppStore((s) => (isGroup ? membersOf(s, conversation.id) : undefined));
  const me = useAppStore((s) => s.me);
  const friends = useAppStore((s) => s.friends);
  return useMemo(() => {
    if (entry?.status !== 'ready' || entry.members.length === 0) return null;
    return entry.members.slice(0, MOSAIC_MEMBERS).map((member) => {
      if (member.userId === me?.id) return { id: me.id, name: me.displayName, avatarUrl: me.avatarUrl };
      const friend = friends.find((f) => f.user.id === member.userId);
      // The default picture is drawn from the person's own name, as everywhere else.
      const user = friend?.user ?? member.user;
      return { id: member.userId, name: user.displayName, avatarUrl: user.avatarUrl };
    });
  }, [entry, me, friends]);
}
