import type { UsersTable } from '../../platform/db/schema';

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
export class ProfileHooks {
  private readonly listeners: Array<(change: ProfileChange) => Promise<void>> = [];

  /** Adds a listener; they run one after another, in the order they were added. */
  on(listener: (change: ProfileChange) => Promise<void>): void {
    this.listeners.push(listener);
  }

  async changed(change: ProfileChange): Promise<void> {
    for (const listener of this.listeners) await listener(change);
  }
}
