import type { MemberRole } from '@liao/protocol';
import type { Generated } from 'kysely';

/**
 * Table types for kysely. Timestamps are UTC milliseconds (bigint columns); booleans are
 * 0/1 integers so that one set of queries runs on SQLite and PostgreSQL alike.
 */
export interface UsersTable {
  id: string;
  username: string;
  /** Lower-cased username: the unique key, so uniqueness ignores case. */
  username_key: string;
  display_name: string;
  signature: string;
  password_hash: string;
  avatar_id: string | null;
  discoverable: number;
  created_at: number;
  updated_at: number;
  disabled_at: number | null;
  /** When the user's last live connection closed; null if never. */
  last_seen_at: number | null;
  /** 1 when friends may see whether the user is online and when they were last seen. */
  show_presence: number;
}

/** The users table as kysely sees it: show_presence has a default, so an insert may leave it out. */
type UsersColumns = Omit<UsersTable, 'show_presence'> & { show_presence: Generated<number> };

export interface SessionsTable {
  id: string;
  user_id: string;
  /** SHA-256 of the bearer token; the token itself is never stored. */
  token_hash: string;
  device_name: string;
  platform: string;
  user_agent: string;
  created_at: number;
  last_active_at: number;
}

export interface FriendRequestsTable {
  id: string;
  from_user_id: string;
  to_user_id: string;
  greeting: string;
  status: string;
  created_at: number;
  /** Last sent (a resend refreshes it); a decline leaves it, so that the sender's view does not change. */
  updated_at: number;
  expires_at: number;
  /** 1 when the recipient had blocked the sender: kept for the sender's view, never shown to the recipient. */
  hidden_from_recipient: Generated<number>;
}

/** One row per direction, so that each side has its own remark. */
export interface FriendshipsTable {
  user_id: string;
  friend_id: string;
  remark: string;
  created_at: number;
}

export interface BlocksTable {
  user_id: string;
  blocked_id: string;
  created_at: number;
}

export interface MediaTable {
  id: string;
  owner_id: string;
  kind: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  created_at: number;
}

/** An image uploaded into a conversation (chat/images/rules.ts); its thumbnail is always WebP. */
export interface ImagesTable {
  id: string;
  conversation_id: string;
  uploader_id: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  thumb_bytes: number;
  created_at: number;
}

export interface CountersTable {
  name: string;
  value: number;
}

export interface ConversationsTable {
  id: string;
  kind: string;
  direct_key: string | null;
  name: string | null;
  owner_id: string | null;
  member_count: number;
  last_seq: number;
  last_pos: number;
  last_message_at: number | null;
  members_version: number;
  dissolved_at: number | null;
  created_at: number;
}

export interface ConversationMembersTable {
  conversation_id: string;
  user_id: string;
  role: MemberRole;
  nickname: string;
  /** 'active', 'left' or 'removed'. */
  status: string;
  joined_at: number;
  first_seq: number;
  left_seq: number | null;
  read_seq: number;
  /** 1 when the member marked the chat unread by hand; moving read_seq sets it back to 0. */
  marked_unread: number;
  pinned: number;
  muted: number;
  hidden_seq: number | null;
  draft: string;
  /** When the draft was last saved (ms); null before the first save. */
  draft_updated_at: number | null;
  pos: number;
}

export interface MessagesTable {
  conversation_id: string;
  seq: number;
  id: string;
  sender_id: string | null;
  client_id: string | null;
  kind: string;
  /** The MessageContent as JSON. */
  content: string;
  created_at: number;
  pos: number;
}

export interface VideosTable {
  id: string;
  owner_id: string;
  caption: string;
  /** 'public', 'friends' or 'private'. */
  visibility: string;
  /** 'processing', 'ready' or 'failed' (an upload in progress has no row here yet). */
  state: string;
  duration_ms: number;
  width: number;
  height: number;
  progress: Generated<number>;
  error: string | null;
  created_at: number;
  updated_at: number;
}

/** A resumable upload in progress; its bytes are in a file, whose size is the offset. */
export interface VideoUploadsTable {
  id: string;
  owner_id: string;
  length: number;
  caption: string;
  visibility: string;
  created_at: number;
  expires_at: number;
}

/** A video shared into a chat: members who may see its message there may watch it (unless now private). */
export interface VideoSharesTable {
  video_id: string;
  conversation_id: string;
  shared_by: string;
  created_at: number;
}

export interface JobsTable {
  id: string;
  kind: string;
  /** JSON. */
  payload: string;
  /** 'queued', 'running', 'done' or 'failed'. */
  state: string;
  attempts: Generated<number>;
  run_after: number;
  locked_by: string | null;
  locked_until: number | null;
  progress: Generated<number>;
  error: string | null;
  created_at: number;
  updated_at: number;
}

/** The server's VAPID key pair (name 'current'), base64url as web-push makes them. */
export interface PushVapidKeysTable {
  name: string;
  public_key: string;
  private_key: string;
  created_at: number;
}

/** A device session's Web Push subscription: one per session, removed with it. */
export interface PushSubscriptionsTable {
  id: string;
  session_id: string;
  user_id: string;
  /** The push service's URL for this browser (unique: a browser has one per site and key). */
  endpoint: string;
  /** The browser's P-256 public key and auth secret, base64url (RFC 8291). */
  p256dh: string;
  auth: string;
  /** 1 (the default): notifications say only that something came, with no sender or text. */
  hide_preview: number;
  created_at: number;
  updated_at: number;
}

/** Messages pushed to a device in a chat since it was last read there: the notification's count. */
export interface PushPendingTable {
  subscription_id: string;
  conversation_id: string;
  count: number;
  updated_at: number;
}

/** A call of a conversation (issue 19); ended_at and end_reason are set once it is over. */
export interface CallsTable {
  id: string;
  conversation_id: string;
  media: 'voice' | 'video';
  topology: 'p2p' | 'sfu';
  started_by: string;
  started_at: number;
  answered_at: number | null;
  ended_at: number | null;
  end_reason: 'cancelled' | 'declined' | 'missed' | 'busy' | 'ended' | 'failed' | null;
  /** The node whose SFU hosts this group call (config.nodeId); null until a participant negotiates. */
  host_node: string | null;
}

/** A device in a call: left_at once it hung up; disconnected_at while its socket is gone. */
export interface CallParticipantsTable {
  id: string;
  call_id: string;
  user_id: string;
  session_id: string;
  joined_at: number;
  left_at: number | null;
  disconnected_at: number | null;
  audio: number;
  video: number;
  screen: number;
}

/** A member being rung, until a device of theirs answers, they decline, or the ring times out. */
export interface CallRingingTable {
  call_id: string;
  user_id: string;
}

export interface Schema {
  users: UsersColumns;
  sessions: SessionsTable;
  friend_requests: FriendRequestsTable;
  friendships: FriendshipsTable;
  blocks: BlocksTable;
  media: MediaTable;
  images: ImagesTable;
  counters: CountersTable;
  conversations: ConversationsTable;
  conversation_members: ConversationMembersTable;
  messages: MessagesTable;
  videos: VideosTable;
  video_uploads: VideoUploadsTable;
  video_shares: VideoSharesTable;
  jobs: JobsTable;
  push_vapid_keys: PushVapidKeysTable;
  push_subscriptions: PushSubscriptionsTable;
  push_pending: PushPendingTable;
  calls: CallsTable;
  call_participants: CallParticipantsTable;
  call_ringing: CallRingingTable;
}
