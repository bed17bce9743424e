import '../membership';
import type { Message } from '@liao/protocol';
import type { AppContext } from '../../platform/context';
import type { MessagesTable } from '../../platform/db/schema';
import { presented } from './contentKinds';
import { toMessage } from './present';

/** Announces committed messages to every device of each conversation's members. */
export async function publishMessages(
  ctx: AppContext,
  rows: MessagesTable[],
  exceptConnId?: string,
): Promise<void> {
  await announceMessages(ctx, await presented(ctx, rows.map(toMessage)), exceptConnId);
}

/** Announces committed messages already presented (with their live cards). */
export async function announceMessages(
  ctx: AppContext,
  messages: readonly Message[],
  exceptConnId?: string,
): Promise<void> {
  for (const message of messages) {
    await ctx.bus.publish({
      kind: 'conversation',
      conversationId: message.conversationId,
      event: { type: 'message.new', message },
      exceptConnId,
    });
  }
}
