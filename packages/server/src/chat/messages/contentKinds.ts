import type { Message, MessageContent, OutgoingContent } from '@liao/protocol';
import type { AppContext } from '../../platform/context';

type Sent = { [Kind in OutgoingContent['kind']]: Omit<Extract<OutgoingContent, { kind: Kind }>, 'replyTo'> };
type Stored = { [Kind in MessageContent['kind']]: Omit<Extract<MessageContent, { kind: Kind }>, 'replyTo'> };

/**
 * A kind of message that a domain brings to chat (images from chat/images, videos from
 * features/videos): how a sent one is checked and what it stores, and how stored ones are
 * shown now. The domain registers it when its module is made, so that chat never imports a
 * feature, and a new kind of message is a new handler, not an edit here.
 */
export interface ContentKind<Kind extends OutgoingContent['kind'] & MessageContent['kind']> {
  kind: Kind;
  /**
   * What the message stores, after checking that the sender may send it in this conversation
   * (where the sender may send at all is checked before). Throws an AppError to refuse it.
   */
  check(ctx: AppContext, senderId: string, conversationId: string, sent: Sent[Kind]): Promise<Stored[Kind]>;
  /**
   * Messages as they are shown now, for every read of messages (history, sync, the live event,
   * the acknowledgement): for example a video card blanked once its video is gone. Gets every
   * message, of every kind, and returns them in the same order.
   */
  present?(ctx: AppContext, messages: Message[]): Promise<Message[]>;
}

/**
 * The registered kinds. Handlers hold no state of their own (each call gets the context), so
 * one registry serves every server in the process; registering a kind again replaces it.
 */
const kinds = new Map<string, ContentKind<never>>();

export function registerContentKind<Kind extends OutgoingContent['kind'] & MessageContent['kind']>(
  handler: ContentKind<Kind>,
): void {
  kinds.set(handler.kind, handler as unknown as ContentKind<never>);
}

/** What a sent message stores (without its quote): text as sent, other kinds by their handler. */
export async function checkedKind(
  ctx: AppContext,
  senderId: string,
  conversationId: string,
  sent: Sent[OutgoingContent['kind']],
): Promise<MessageContent> {
  if (sent.kind === 'text') return sent;
  const handler = kinds.get(sent.kind);
  if (!handler) throw new Error(`no handler for messages of kind ${sent.kind}`);
  return handler.check(ctx, senderId, conversationId, sent as never);
}

/** Messages as they are shown now: every registered kind's presentation, in turn. */
export async function presented(ctx: AppContext, messages: Message[]): Promise<Message[]> {
  let shown = messages;
  for (const handler of kinds.values()) if (handler.present) shown = await handler.present(ctx, shown);
  return shown;
}
