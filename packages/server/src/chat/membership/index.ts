import './busMessages';
import type { AppContext } from '../../platform/context';
import type { DomainModule } from '../../platform/modules/domainModule';
import { deliverConversationEvents } from './delivery';
import { MemberDirectory } from './memberDirectory';
import { SendPermissions } from './sendPermissions';

export interface MembershipModule extends DomainModule {
  /** Who is in each conversation, cached for fan-out. */
  members: MemberDirectory;
  /** Who was recently allowed to send where; dropped by the bus events that revoke it. */
  permissions: SendPermissions;
}

/**
 * Who is in which conversation and may send there, and the delivery of conversation events to
 * the members' devices on this node.
 */
export function membershipModule(ctx: AppContext): MembershipModule {
  const members = new MemberDirectory(ctx.db, ctx.bus);
  const permissions = new SendPermissions(ctx.bus);
  let stopDelivery: (() => void) | undefined;
  return {
    name: 'chat/membership',
    members,
    permissions,
    start({ gateway }) {
      stopDelivery = deliverConversationEvents(ctx, members, gateway);
    },
    close() {
      stopDelivery?.();
      members.close();
      permissions.close();
    },
  };
}

export type { Membership } from './access';
export { checkCanSend, requireMembership, requireSendable } from './access';
export { directKey } from './directKey';
export { toConversation, visibleLastSeq } from './present';
export * as membershipQueries from './queries';
export { lockDirectChat } from './queries';
export type { SendPermissions } from './sendPermissions';
export { sendRightsQuery } from './sendRights';
export type { SendPair, SendRefusal, SendRightRow } from './sendRule';
export { sendPairKey, sendRefusals } from './sendRule';
export { unreadCountOf, unreadTotalOf } from './unread';
