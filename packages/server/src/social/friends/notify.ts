import type { ServerEvent } from '@liao/protocol';
import type { AppContext } from '../../platform/context';

/** Sends an event to every live device of one user. Call only after the change has committed. */
export async function notifyUser(ctx: AppContext, userId: string, event: ServerEvent): Promise<void> {
  await ctx.bus.publish({ kind: 'event', userIds: [userId], event });
}
