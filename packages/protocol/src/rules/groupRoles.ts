import type { MemberRole } from '../conversations';
import type { ErrorCode } from '../errors';

/**
 * Who may do what in a group, by role: the one statement of these rules, which the server
 * enforces where the change commits and the app follows to offer only what will be allowed.
 * Any member invites friends, renames the group and leaves it, as in WeChat; what is written
 * here is what depends on the role.
 */

/** Whether this role may remove anyone at all (the app offers "−" only then). */
export function mayRemoveMembers(role: MemberRole): boolean {
  return role !== 'member';
}

/**
 * Why `actor` may not remove `target`, or null when they may: the owner removes anyone, an
 * admin only plain members, a plain member nobody. (Removing oneself is leaving.)
 */
export function removalRefusal(
  actor: MemberRole,
  target: MemberRole,
): Extract<ErrorCode, 'NOT_GROUP_ADMIN' | 'NOT_GROUP_OWNER'> | null {
  if (actor === 'member') return 'NOT_GROUP_ADMIN';
  if (actor !== 'owner' && target !== 'member') return 'NOT_GROUP_OWNER';
  return null;
}

/** Appointing and dismissing admins, handing the group over and dissolving it: the owner's alone. */
export function ownsGroup(role: MemberRole): boolean {
  return role === 'owner';
}

/**
 * Who becomes owner when the owner leaves: the longest-standing admin, else the
 * longest-standing member. `others` are the members besides the owner, in joining order.
 */
export function heirOf<T extends { role: MemberRole }>(others: readonly T[]): T | null {
  return others.find((m) => m.role === 'admin') ?? others[0] ?? null;
}
