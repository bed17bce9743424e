import { sessionsQueries as q } from '../identity/sessions';
import { AppError } from '../platform/errors';
import { formatTime } from './output';
import type { AdminTools } from './tools';
import { announceSignOut, findUser, signOutEverywhere } from './users';

export async function listSessions(tools: AdminTools, username: string, json: boolean): Promise<void> {
  const user = await findUser(tools, username);
  const rows = await q.listSessions(tools.db, user.id);
  if (json) {
    tools.out.json(
      rows.map((r) => ({
        id: r.id,
        device: r.device_name,
        platform: r.platform,
        userAgent: r.user_agent,
        createdAt: r.created_at,
        lastActiveAt: r.last_active_at,
      })),
    );
    return;
  }
  if (rows.length === 0) {
    tools.out.line(`${user.username} has no signed-in devices.`);
    return;
  }
  tools.out.table(
    ['SESSION', 'DEVICE', 'PLATFORM', 'CREATED', 'LAST ACTIVE', 'USER AGENT'],
    rows.map((r) => [
      r.id,
      r.device_name,
      r.platform,
      formatTime(r.created_at),
      formatTime(r.last_active_at),
      r.user_agent.slice(0, 60),
    ]),
  );
}

export async function revokeSession(tools: AdminTools, sessionId: string): Promise<void> {
  const session = await q.getSessionById(tools.db, sessionId);
  if (!session) throw new AppError('SESSION_NOT_FOUND', `No session has the id ${sessionId}.`);
  const removed = await q.deleteSessions(tools.db, session.user_id, [session.id]);
  await announceSignOut(tools, session.user_id, removed, 'operator');
  tools.out.line(`Signed out ${session.device_name} (${session.id}).`);
}

export async function revokeAllSessions(tools: AdminTools, username: string): Promise<void> {
  const user = await findUser(tools, username);
  const count = await signOutEverywhere(tools, user, 'operator');
  tools.out.line(`Signed out ${count} device(s) of ${user.username}.`);
}
