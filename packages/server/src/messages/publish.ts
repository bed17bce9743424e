import type { AppContext } from '../context';
import type { MessagesTable } from '../db/schema';
import { toMessage } from './present';

/** Announces committed messages to every device of each conversation's members. */
export async function publishMessages(
  ctx: AppContext,
  rows: MessagesTable[],
  exceptConnId?: string,
): Promise<void> {
  for (const row of rows) {
    await ctx.bus.publish({
      kind: 'conversation',
      conversationId: row.conversation_id,
      event: { type: 'message.new', message: toMessage(row) },
      exceptConnId,
    });
  }
}
