import type { Conversation, Member } from '@liao/protocol';
import type { SliceCreator } from '../../app/state/types';
import { type MembersEntry, membersOf } from '../../entities/groupMembers';

export interface GroupsSlice {
  // State
  groupMembers: Record<string, MembersEntry>;
  // Actions
  /** Fetches a group's members unless the list held is already at `version` (Conversation.membersVersion). */
  loadMembers(conversationId: string, version: number): Promise<void>;
  /** Makes a group of me and the friends picked, then opens it. */
  createGroupChat(memberIds: string[], name: string): Promise<void>;
  renameGroup(conversationId: string, name: string): Promise<void>;
  /** Sets my 群昵称 in the group; '' clears it. */
  setGroupNickname(conversationId: string, nickname: string): Promise<void>;
  inviteMembers(conversationId: string, userIds: string[]): Promise<void>;
  /** Owner and admins only (the server refuses others). */
  removeMember(conversationId: string, userId: string): Promise<void>;
  leaveGroup(conversationId: string): Promise<void>;
  /** Owner only. */
  dissolveGroup(conversationId: string): Promise<void>;
  setChatPinned(conversationId: string, pinned: boolean): Promise<void>;
  setChatMuted(conversationId: string, muted: boolean): Promise<void>;
  /** Deletes the chat from my list (and its history here) and leaves it. */
  deleteChat(conversationId: string): Promise<void>;
}

/** Who was in `before` (or its former members) and is not in `now`, each as last seen. */
export function formerMembers(before: MembersEntry | undefined, now: readonly Member[]): Member[] {
  if (!before) return [];
  const present = new Set(now.map((m) => m.userId));
  const former = new Map<string, Member>();
  for (const member of [...before.former, ...before.members]) {
    if (!present.has(member.userId)) former.set(member.userId, member);
  }
  return [...former.values()];
}

export const createGroupsSlice: SliceCreator<GroupsSlice> = (set, get, sdk) => {
  // The newest version asked for per conversation, so that an older answer never replaces a newer one.
  const wanted = new Map<string, number>();

  function putEntry(conversationId: string, entry: MembersEntry): void {
    set((s) => ({ groupMembers: { ...s.groupMembers, [conversationId]: entry } }));
  }

  /** A change the server answered with the group afterwards: read its members if they moved. */
  function afterChange(conversation: Conversation): void {
    if (conversation.kind === 'group' && conversation.active) {
      void get().loadMembers(conversation.id, conversation.membersVersion);
    }
  }

  return {
    groupMembers: {},

    async loadMembers(conversationId, version) {
      const viewerId = get().me?.id;
      if (!viewerId) return;
      const held = membersOf(get(), conversationId);
      if (held && held.status !== 'error' && held.version >= version) return;
      if ((wanted.get(`${viewerId}:${conversationId}`) ?? -1) >= version) return;
      const key = `${viewerId}:${conversationId}`;
      wanted.set(key, version);
      if (!held)
        putEntry(conversationId, { viewerId, status: 'loading', version: -1, members: [], former: [] });
      try {
        const list = await get().guard(sdk.api.listMembers(conversationId));
        if (get().me?.id !== viewerId) return;
        const current = membersOf(get(), conversationId);
        if (current && current.status === 'ready' && current.version > list.membersVersion) return;
        putEntry(conversationId, {
          viewerId,
          status: 'ready',
          version: list.membersVersion,
          members: list.members,
          former: formerMembers(current, list.members),
        });
      } catch {
        const current = membersOf(get(), conversationId);
        if (get().me?.id === viewerId && current?.status !== 'ready') {
          putEntry(conversationId, { viewerId, status: 'error', version: -1, members: [], former: [] });
        }
      } finally {
        if (wanted.get(key) === version) wanted.delete(key);
      }
    },

    async createGroupChat(memberIds, name) {
      const trimmed = name.trim();
      const conversation = await get().guard(
        sdk.api.createGroup({ memberIds, ...(trimmed ? { name: trimmed } : {}) }),
      );
      get().navigate({ name: 'messages', conversationId: conversation.id });
    },

    async renameGroup(conversationId, name) {
      await get().guard(sdk.api.updateConversation(conversationId, { name }));
    },

    async setGroupNickname(conversationId, nickname) {
      afterChange(await get().guard(sdk.api.setNickname(conversationId, nickname)));
    },

    async inviteMembers(conversationId, userIds) {
      afterChange(await get().guard(sdk.api.inviteMembers(conversationId, userIds)));
    },

    async removeMember(conversationId, userId) {
      afterChange(await get().guard(sdk.api.removeMember(conversationId, userId)));
    },

    async leaveGroup(conversationId) {
      await get().guard(sdk.api.leaveGroup(conversationId));
    },

    async dissolveGroup(conversationId) {
      await get().guard(sdk.api.dissolveGroup(conversationId));
    },

    async setChatPinned(conversationId, pinned) {
      await get().guard(sdk.api.updateConversation(conversationId, { pinned }));
    },

    async setChatMuted(conversationId, muted) {
      await get().guard(sdk.api.updateConversation(conversationId, { muted }));
    },

    async deleteChat(conversationId) {
      await get().guard(sdk.api.deleteConversation(conversationId));
      get().navigate({ name: 'messages' });
    },
  };
};
