import type { AppContext } from '../../platform/context';
import type { DomainModule } from '../../platform/modules/domainModule';
import type { MembershipModule } from '../membership';
import { MessageHooks } from './messageHooks';
import { doMarkRead, doSendMessage, doTyping, getHistory, type Sending } from './rules';
import { MessageWriter } from './writer';

export interface MessagesModule extends DomainModule {
  /** What sending a message needs: a feature that sends (sharing a video) uses it too. */
  sending: Sending;
  /** Where features hear of messages stored and read (push). */
  hooks: MessageHooks;
}

/** Messages: sending (in group commits), history, read marks and typing, over the socket. */
export function messagesModule(ctx: AppContext, membership: MembershipModule): MessagesModule {
  const sending: Sending = {
    writer: new MessageWriter(ctx.store, ctx.now),
    permissions: membership.permissions,
  };
  const hooks = new MessageHooks();
  sending.writer.onStored = (rows) => {
    hooks.committed
      .run(rows)
      .catch((error: unknown) => ctx.log.error({ err: error }, 'a listener of stored messages failed'));
  };
  return {
    name: 'chat/messages',
    sending,
    hooks,
    ops: {
      'message.send': (caller, body) =>
        doSendMessage(ctx, sending, caller, body).then((message) => ({ message })),
      history: (caller, body) => getHistory(ctx, caller, body),
      read: (caller, body) => doMarkRead(ctx, hooks, caller, body),
      typing: (caller, body) => doTyping(ctx, caller, body).then(() => ({})),
    },
    // After the socket server and HTTP closed: what is queued is stored before the store closes.
    close: () => sending.writer.close(),
  };
}

export type { NewMessage } from './append';
export { appendMessages } from './append';
export type { ContentKind } from './contentKinds';
export { presented, registerContentKind } from './contentKinds';
export type { MessageHooks, ReadMark } from './messageHooks';
export { toMessage } from './present';
export { publishMessages } from './publish';
export { newestMessages } from './queries';
export { doSendMessage } from './rules';
export type { MessageWriter } from './writer';
