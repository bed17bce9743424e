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
}

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

export interface Schema {
  users: UsersTable;
  sessions: SessionsTable;
  friend_requests: FriendRequestsTable;
  friendships: FriendshipsTable;
  blocks: BlocksTable;
  media: MediaTable;
}
