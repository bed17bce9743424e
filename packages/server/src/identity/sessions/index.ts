import type { IncomingMessage } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import type { Auth } from '../../platform/caller';
import type { AppContext } from '../../platform/context';
import type { DomainModule } from '../../platform/modules/domainModule';
import { readToken } from './httpAuth';
import { sessionsRoutes } from './routes';
import { authenticateToken } from './rules';

export interface SessionsModule extends DomainModule {
  /** Who a socket's upgrade request is from, by its session token (header or cookie). */
  authenticate(request: IncomingMessage): Promise<Auth | null>;
}

/** Device sessions: the token each device holds, the device list, signing out. */
export function sessionsModule(ctx: AppContext): SessionsModule {
  return {
    name: 'identity/sessions',
    routes: sessionsRoutes(ctx),
    async authenticate(request) {
      const token = readToken(
        request.headers.authorization,
        fastifyCookie.parse(request.headers.cookie ?? ''),
      );
      return token ? authenticateToken(ctx, token) : null;
    },
  };
}

export { requireAuth, setSessionCookie } from './httpAuth';
export * as sessionsQueries from './queries';
export { deleteAllSessions, findDisabledUserIds, findLiveSessionIds } from './queries';
export type { Auth } from './rules';
export { doCreateSession, doCreateVouchedSession, doSignOutOthers, publishSignOut } from './rules';
export { hashSessionToken } from './tokens';
