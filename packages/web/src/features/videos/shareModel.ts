import { type Conversation, MAX_SHARE_TARGETS, type ShareVideoResult } from '@liao/protocol';

/**
 * Where a video is being shared: a chat in the list, or a friend found by the search who has no
 * one-to-one chat yet (it is opened only when the share is sent, as WeChat's forward does).
 */
export type ShareTarget = { kind: 'chat'; conversationId: string } | { kind: 'friend'; userId: string };

export function targetKey(target: ShareTarget): string {
  return target.kind === 'chat' ? `chat:${target.conversationId}` : `friend:${target.userId}`;
}

/** Chats a video can go to, in the list's order (pinned, then newest): those I am still in. */
export function shareableChats(conversations: readonly Conversation[]): Conversation[] {
  return conversations.filter((c) => c.active && !c.dissolved);
}

/**
 * A friend as a target: their one-to-one chat when the list has it, so that picking them from
 * the search and from the recent chats is the same pick.
 */
export function friendTarget(userId: string, conversations: readonly Conversation[]): ShareTarget {
  const direct = conversations.find((c) => c.kind === 'direct' && c.peerId === userId && c.active);
  return direct ? { kind: 'chat', conversationId: direct.id } : { kind: 'friend', userId };
}

export interface ToggleOutcome {
  picked: ShareTarget[];
  /** The pick was refused: `max` are picked already. */
  full: boolean;
}

/** Ticks a target, or unticks it when picked; never more than `max` (the server's limit, 9). */
export function toggleTarget(
  picked: readonly ShareTarget[],
  target: ShareTarget,
  max: number = MAX_SHARE_TARGETS,
): ToggleOutcome {
  const key = targetKey(target);
  if (picked.some((p) => targetKey(p) === key)) {
    return { picked: picked.filter((p) => targetKey(p) !== key), full: false };
  }
  if (picked.length >= max) return { picked: [...picked], full: true };
  return { picked: [...picked, target], full: false };
}

/** A target the share did not reach, with the error code that says why. */
export interface ShareRefusal {
  target: ShareTarget;
  code: string;
}

/**
 * How a send went, per target: those sent leave the selection, those refused stay picked with
 * their reason, so a second 发送 tries only them. `chatOf` maps a target to the chat it was sent
 * to (null when even opening the friend's chat failed, with that failure's code in `openErrors`).
 */
export function shareOutcome(
  picked: readonly ShareTarget[],
  chatOf: ReadonlyMap<string, string>,
  openErrors: ReadonlyMap<string, string>,
  result: ShareVideoResult | null,
): { sent: number; refused: ShareRefusal[] } {
  const byChat = new Map((result?.results ?? []).map((r) => [r.conversationId, r]));
  let sent = 0;
  const refused: ShareRefusal[] = [];
  for (const target of picked) {
    const key = targetKey(target);
    const openError = openErrors.get(key);
    const chat = chatOf.get(key);
    const answer = chat ? byChat.get(chat) : undefined;
    if (openError) refused.push({ target, code: openError });
    else if (!answer) refused.push({ target, code: 'UNKNOWN' });
    else if ('error' in answer) refused.push({ target, code: answer.error.code });
    else sent++;
  }
  return { sent, refused };
}
