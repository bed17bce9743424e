import type { AppContext } from '../../platform/context';
import type { DomainModule } from '../../platform/modules/domainModule';
import { doSync } from './rules';

/** Sync: what changed since a device's cursor, so that it catches up after being away. */
export function syncModule(ctx: AppContext): DomainModule {
  return { name: 'chat/sync', ops: { sync: (caller, body) => doSync(ctx, caller, body) } };
}
