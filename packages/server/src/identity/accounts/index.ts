import type { AppContext } from '../../platform/context/index';
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
