import {
  type MessageContent,
  PUSH_PREVIEW_MAX,
  type PushClearNotification,
  type PushMessageNotification,
  type PushPreview,
  textLength,
} from '@liao/protocol';
import type { z } from 'zod';
import { membershipQueries } from '../../chat/membership';
import { newestMessages } from '../../chat/messages';
import { accountsQueries } from '../../identity/accounts';
import type { ConversationMembersTable, MessagesTable } from '../../platform/db/schema';
import { badgeCountOf } from './badge';
import { awaySubscriptions, deliver, type PushService } from './delivery';
import * as q from './queries';
import type { PushOptions } from './sender';

/** Messages stored in one group commit in one chat whose members include someone subscribed. */
export const MESSAGE_JOB = 'push.message';
export interface MessageJob {
  conversationId: string;
  seqs: number[];
}

/** A chat read on one device: its notification goes from the others. */
export const CLEAR_JOB = 'push.clear';
export interface ClearJob {
  userId: string;
  conversationId: string;
  /** The device that read: its page is open and closes its own notifications. */
  exceptSessionId: string | null;
}

/** A message waits a day at the push service for a device that is away; then it is news no more. */
const MESSAGE_PUSH: PushOptions = { ttlSeconds: 24 * 60 * 60, urgency: 'high' };
/** A clear is tidying, not news: it may wait for the device to wake. */
const CLEAR_PUSH: PushOptions = { ttlSeconds: 24 * 60 * 60, urgency: 'normal' };

type MessageNotification = z.infer<typeof PushMessageNotification>;
type ClearNotification = z.infer<typeof PushClearNotification>;

/** Where the web app shows a chat (packages/web app/state/routes.ts). */
export function chatUrl(conversationId: string): string {
  return `/chat/${conversationId}`;
}

/**
 * The users a message names so that they hear of it even where they muted the chat: none
 * yet. Mentions (issue 20) will carry their user ids in the content, read here.
 */
export function mentionedUserIds(_row: MessagesTable): readonly string[] {
  return [];
}

/**
 * Pushes a batch of a chat's messages to the members' devices that are away: never to a
 * sender, nothing from a muted chat (unless the member is mentioned), nothing a member already
 * read on another device. Each device gets one notification per chat, counting what it was
 * pushed there since it last read it. Senders' devices that had the chat's notification get it
 * cleared: writing in a chat reads it.
 */
export async function runMessageJob(service: PushService, job: MessageJob): Promise<void> {
  const { ctx, subscribers } = service;
  const { db } = ctx;
  const conversation = await membershipQueries.getConversation(db, job.conversationId);
  if (!conversation || job.seqs.length === 0) return;
  const wanted = new Set(job.seqs);
  const rows = (
    await newestMessages(db, conversation.id, Math.min(...job.seqs), Math.max(...job.seqs), job.seqs.length)
  )
    .filter((r) => wanted.has(r.seq) && r.kind !== 'system')
    .reverse();
  if (rows.length === 0) return;
  const senders = new Set(rows.flatMap((r) => (r.sender_id ? [r.sender_id] : [])));
  for (const sender of senders) {
    if (subscribers.has(sender))
      await runClearJob(service, { userId: sender, conversationId: conversation.id, exceptSessionId: null });
  }

  const members = await membershipQueries.listMembers(db, conversation.id);
  const news = new Map<string, MessagesTable[]>();
  for (const member of members) {
    if (!subscribers.has(member.user_id)) continue;
    const unseen = newsFor(member, rows);
    if (unseen.length > 0) news.set(member.user_id, unseen);
  }
  if (news.size === 0) return;
  const targets = await awaySubscriptions(service, [...news.keys()]);
  if (targets.length === 0) return;
  const names = new Map(
    (await accountsQueries.getUsers(db, [...senders])).map((u) => [u.id, u.display_name] as const),
  );
  const totals = new Map<string, Promise<number>>();
  const totalOf = (userId: string) => {
    let total = totals.get(userId);
    if (!total) {
      total = badgeCountOf(ctx, userId);
      totals.set(userId, total);
    }
    return total;
  };
  await Promise.all(
    targets.map(async (subscription) => {
      const unseen = news.get(subscription.user_id) ?? [];
      const last = unseen.at(-1);
      if (!last) return;
      const count = await q.addPending(db, subscription.id, conversation.id, unseen.length, ctx.now());
      const senderName = (last.sender_id && names.get(last.sender_id)) || null;
      const notification: MessageNotification = {
        type: 'message',
        tag: conversation.id,
        conversationId: conversation.id,
        conversationKind: conversation.kind === 'direct' ? 'direct' : 'group',
        title: null,
        senderName: null,
        preview: null,
        count,
        unreadTotal: await totalOf(subscription.user_id),
        url: chatUrl(conversation.id),
      };
      if (!subscription.hide_preview) {
        notification.title = conversation.kind === 'direct' ? senderName : conversation.name;
        notification.senderName = senderName;
        notification.preview = previewOf(last);
      }
      await deliver(service, subscription, notification, MESSAGE_PUSH);
    }),
  );
}

/** The messages of the batch a member should hear of: others', unread, not muted away. */
function newsFor(member: ConversationMembersTable, rows: readonly MessagesTable[]): MessagesTable[] {
  const unseen = rows.filter(
    (r) => r.sender_id !== member.user_id && r.seq > member.read_seq && r.seq >= member.first_seq,
  );
  if (!member.muted) return unseen;
  return unseen.filter((r) => mentionedUserIds(r).includes(member.user_id));
}

/** What the notification previews of a message: its text, cut short, or its kind. */
export function previewOf(row: MessagesTable): PushPreview | null {
  const content = JSON.parse(row.content) as MessageContent;
  switch (content.kind) {
    case 'text':
      return { kind: 'text', text: excerpt(content.text) };
    case 'image':
      return { kind: 'image' };
    case 'video':
      return { kind: 'video' };
    case 'call':
      return { kind: 'call', media: content.call.media };
    default:
      return null;
  }
}

function excerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (textLength(oneLine) <= PUSH_PREVIEW_MAX) return oneLine;
  return `${[...oneLine].slice(0, PUSH_PREVIEW_MAX - 1).join('')}…`;
}

/**
 * The chat was read (or written in) by the user: what their devices were pushed there is
 * forgotten, and each device that had some, but the one that read, is told to close the
 * notification and update its badge.
 */
export async function runClearJob(service: PushService, job: ClearJob): Promise<void> {
  const { ctx } = service;
  const had = new Set(await q.clearPending(ctx.db, job.userId, job.conversationId));
  if (had.size === 0) return;
  const subscriptions = (await q.listSubscriptionsOfUsers(ctx.db, [job.userId])).filter(
    (s) => had.has(s.id) && s.session_id !== job.exceptSessionId,
  );
  if (subscriptions.length === 0) return;
  const notification: ClearNotification = {
    type: 'clear',
    tag: job.conversationId,
    unreadTotal: await badgeCountOf(ctx, job.userId),
  };
  await Promise.all(subscriptions.map((s) => deliver(service, s, notification, CLEAR_PUSH)));
}
