import type { AppContext } from '../../platform/context/index';
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
