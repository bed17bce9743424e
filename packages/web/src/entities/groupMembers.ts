import type { Me, Member } from '@liao/protocol';
import type { AppState, LoadStatus } from '../app/state/types';
import type { GroupRoster } from './conversationText';

// A group's member list as the store holds it, and the rosters it gives: no store of its own
// (the groups slice keeps these lists), so that a slice may use it; the hooks that read a list
// into the store are in groupRoster.ts.

/** A group's member list as last fetched, and for whom (lists never cross accounts). */
export interface MembersEntry {
  viewerId: string;
  status: LoadStatus;
  /** The membersVersion the list was read at; a conversation whose version moved past it refetches. */
  version: number;
  /** In joining order, as the server lists them. */
  members: Member[];
  /**
   * Members of earlier lists (this session) who are no longer in it, as they last were: the
   * lines about someone removed or gone still name them.
   */
  former: Member[];
}

/** The member list held for a conversation, if it was read for the one signed in now. */
export function membersOf(state: AppState, conversationId: string): MembersEntry | undefined {
  const entry = state.groupMembers[conversationId];
  return entry && entry.viewerId === state.me?.id ? entry : undefined;
}

/** The roster a member list held in the store gives, or null while it is not read (or failed). */
export function rosterOf(entry: MembersEntry | undefined, me: Me | null): GroupRoster | null {
  return entry?.status === 'ready' ? { me, members: entry.members } : null;
}

/**
 * The roster of every group in `groupMembers` read for `me`, for lists that name many chats at
 * once (the search); only what the rows already loaded, nothing is fetched.
 */
export function rosterLookup(
  groupMembers: Readonly<Record<string, MembersEntry>>,
  me: Me | null,
): (conversationId: string) => GroupRoster | null {
  return (conversationId) => {
    const entry = groupMembers[conversationId];
    return entry && entry.viewerId === me?.id ? rosterOf(entry, me) : null;
  };
}
