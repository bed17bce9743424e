import type { Conversation, Member } from '@liao/protocol';
import { useEffect, useSyncExternalStore } from 'react';
import type { MosaicFace } from '../components/GroupMosaic';
import { client } from '../state/sdk';
import { useAppStore } from '../state/store';

/**
 * The faces a group's mosaic shows: its first nine members, read once per member-list version
 * (the conversation's membersVersion moves when someone joins or leaves) and kept for the
 * visit. Friends and I are drawn from what the store already knows (it follows their changes
 * live); other members from the list, which carries every member's name and picture.
 */
const MOSAIC_MEMBERS = 9;
/** Rows that only fly past while scrolling do not ask for anything. */
const SETTLE_MS = 150;
/** Requests at once, so a long list never floods the server. */
const PARALLEL = 4;

type Members = { version: number; members: Member[] | null };

const groups = new Map<string, Members>();
const listeners = new Set<() => void>();
const queue: (() => Promise<void>)[] = [];
let running = 0;
let revision = 0;

function changed() {
  revision++;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function run(task: () => Promise<void>) {
  queue.push(task);
  pump();
}

function pump() {
  while (running < PARALLEL && queue.length > 0) {
    const task = queue.shift();
    if (!task) return;
    running++;
    void task().finally(() => {
      running--;
      pump();
    });
  }
}

function loadMembers(conversationId: string, version: number) {
  const known = groups.get(conversationId);
  if (known && known.version >= version) return;
  groups.set(conversationId, { version, members: known?.members ?? null });
  run(async () => {
    try {
      const list = await client.api.listMembers(conversationId);
      const members = [...list.members].sort((a, b) => a.joinedAt - b.joinedAt).slice(0, MOSAIC_MEMBERS);
      groups.set(conversationId, { version: Math.max(version, list.membersVersion), members });
    } catch {
      // Not a member any more, or offline: the row keeps its plain picture.
      groups.set(conversationId, { version, members: [] });
    }
    changed();
  });
}

/** The mosaic's faces, or null until the members are known (the row shows the group's initial). */
export function useGroupFaces(conversation: Conversation): MosaicFace[] | null {
  const isGroup = conversation.kind === 'group';
  const { id, membersVersion } = conversation;
  useEffect(() => {
    if (!isGroup) return;
    const timer = setTimeout(() => loadMembers(id, membersVersion), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [isGroup, id, membersVersion]);
  useSyncExternalStore(subscribe, () => revision);
  const me = useAppStore((s) => s.me);
  const friends = useAppStore((s) => s.friends);
  const members = (isGroup && groups.get(id)?.members) || [];
  if (members.length === 0) return null;
  return members.map((member) => {
    if (member.userId === me?.id) return { id: me.id, name: me.displayName, avatarUrl: me.avatarUrl };
    const friend = friends.find((f) => f.user.id === member.userId);
    // The default picture is drawn from the person's own name, as everywhere else.
    const user = friend?.user ?? member.user;
    return { id: member.userId, name: user.displayName, avatarUrl: user.avatarUrl };
  });
}
