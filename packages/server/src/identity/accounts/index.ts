import type { AppContext } from '../../platform/context';
import type { DomainModule } from '../../platform/modules/domainModule';
import { ProfileHooks } from './profileHooks';
import { accountsRoutes } from './routes';

export interface AccountsModule extends DomainModule {
  /** Where the layers above hear of profile changes. */
  profile: ProfileHooks;
}

/** Accounts: registering, signing in with a password, profiles and avatars. */
export function accountsModule(ctx: AppContext): AccountsModule {
  const profile = new ProfileHooks();
  return { name: 'identity/accounts', routes: accountsRoutes(ctx, profile), profile };
}

export { avatarUrl, openAvatar } from './avatars';
export { hashPassword } from './passwords';
export { toMe, toPublicUser } from './present';
export type { ProfileHooks } from './profileHooks';
export * as accountsQueries from './queries';
export { getUsers } from './queries';
export { replySignedIn } from './routes';
export type { SignedIn } from './rules';
export { insertAccount } from './rules';
