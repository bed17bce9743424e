import type { UsersTable } from '../../platform/db/schema';
import { Listeners } from '../../platform/listeners';

/** A profile change that committed: the account's row as it is now. */
export interface ProfileChange {
  user: UsersTable;
  /** The user showed or hid their presence. */
  presenceSettingChanged: boolean;
}

/**
 * Who else must hear of a profile change, on the node that made it: the layers above identity
 * (friends see the new name and avatar; presence re-announces a changed setting) register here,
 * as identity may not know them.
 */
export class ProfileHooks extends Listeners<[ProfileChange]> {}
