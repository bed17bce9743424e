import type { Me, PublicUser } from '@liao/protocol';
import { toBool } from '../../platform/db/dialect';
import type { UsersTable } from '../../platform/db/schema';
import { avatarUrl } from './avatars';

/** The card that others who may see the user get. */
export function toPublicUser(row: UsersTable): PublicUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    signature: row.signature,
    avatarUrl: avatarUrl(row.avatar_id),
  };
}

/** The user's own view of their account. */
export function toMe(row: UsersTable): Me {
  return {
    ...toPublicUser(row),
    discoverable: toBool(row.discoverable),
    showPresence: toBool(row.show_presence),
    createdAt: row.created_at,
  };
}
