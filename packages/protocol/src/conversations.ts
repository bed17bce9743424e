import { z } from 'zod';
import { PublicUser } from './accounts';
import { Id, Timestamp } from './common';
import { Message, Pos, Seq } from './messages';
import { safeText } from './text';

export const MAX_GROUP_MEMBERS = 500;

export const ConversationKind = z.enum(['direct', 'group']);
export type ConversationKind = z.infer<typeof ConversationKind>;
export const MemberRole = z.enum(['owner', 'admin', 'member']);
export type MemberRole = z.infer<typeof MemberRole>;

/** A conversation as one member sees it: shared state plus that member's own settings. */
export const Conversation = z.object({
  id: Id,
  kind: ConversationKind,
  /** The group's name when someone set one; null shows the members' names instead. */
  name: z.string().nullable(),
  /** In a one-to-one chat, the other person. */
  peerId: Id.nullable(),
  ownerId: Id.nullable(),
  memberCount: z.number().int(),
  /** Whether the viewer is still in it (false after leaving, removal or dissolution). */
  active: z.boolean(),
  dissolved: z.boolean(),
  myRole: MemberRole,
  /** The seq of the newest message, 0 when there is none. */
  lastSeq: Seq,
  lastMessage: Message.nullable(),
  lastMessageAt: Timestamp.nullable(),
  /** The first seq the viewer may read (joined later, or cleared the chat). */
  firstSeq: Seq,
  /** The viewer's read mark, and in one-to-one chats the other side's (for 已读 / read). */
  readSeq: Seq,
  peerReadSeq: Seq.nullable(),
  unreadCount: z.number().int(),
  /**
   * The viewer marked the chat unread by hand (shown as a badge with no number); reading it
   * (the read mark moving) clears it.
   */
  markedUnread: z.boolean(),
  pinned: z.boolean(),
  muted: z.boolean(),
  /** Hidden from the viewer's list (deleted there) until a new message arrives. */
  hidden: z.boolean(),
  draft: z.string(),
  /**
   * When the draft was last saved, on the server's clock; null if never. A device holding an
   * unsaved edit of its own keeps whichever is newer (the newest keystroke wins).
   */
  draftUpdatedAt: Timestamp.nullable(),
  /** Changes whenever the member list does; clients refetch members when it moves. */
  membersVersion: Pos,
  /** Position of the newest change to this conversation that the viewer must know. */
  pos: Pos,
});
export type Conversation = z.infer<typeof Conversation>;

/**
 * The part of a profile that every member of a group sees of every other, friend or not (as in
 * WeChat, where a group shows each member's name and picture). The signature stays for friends.
 */
export const MemberProfile = PublicUser.pick({
  id: true,
  username: true,
  displayName: true,
  avatarUrl: true,
});
export type MemberProfile = z.infer<typeof MemberProfile>;

export const Member = z.object({
  userId: Id,
  role: MemberRole,
  /** 群昵称: the name this member uses in this group; '' for none. */
  nickname: z.string(),
  joinedAt: Timestamp,
  user: MemberProfile,
});
export type Member = z.infer<typeof Member>;

export const GroupName = safeText({ min: 1, max: 40 });
export const Nickname = safeText({ min: 0, max: 32, allowEmpty: true });
/**
 * An unsent draft, synced across the user's devices: any text the composer holds, but nothing
 * a store cannot keep (NUL, unpaired surrogates).
 */
export const Draft = z
  .string()
  .max(20_000)
  .refine((s) => !s.includes('\u0000') && !/\p{Cs}/u.test(s), {
    message: 'contains characters that cannot be stored',
  });

export const CreateGroupBody = z.strictObject({
  memberIds: z
    .array(Id)
    .min(2)
    .max(MAX_GROUP_MEMBERS - 1),
  name: GroupName.optional(),
});
export type CreateGroupBody = z.input<typeof CreateGroupBody>;

export const OpenDirectBody = z.strictObject({ userId: Id });

/** Settings that are the viewer's own (pin, mute, marked unread, draft) and group changes (name). */
export const UpdateConversationBody = z
  .strictObject({
    pinned: z.boolean().optional(),
    markedUnread: z.boolean().optional(),
    muted: z.boolean().optional(),
    draft: Draft.optional(),
    name: GroupName.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });
export type UpdateConversationBody = z.input<typeof UpdateConversationBody>;

export const InviteBody = z.strictObject({
  userIds: z
    .array(Id)
    .min(1)
    .max(MAX_GROUP_MEMBERS - 1),
});
export const TransferBody = z.strictObject({ userId: Id });
export const NicknameBody = z.strictObject({ nickname: Nickname });
export const ConversationIdParams = z.strictObject({ conversationId: Id });
export const MemberParams = z.strictObject({ conversationId: Id, userId: Id });

export const MemberList = z.object({ members: z.array(Member), membersVersion: Pos });
export type MemberList = z.infer<typeof MemberList>;
