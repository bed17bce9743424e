import { describe, expect, it } from 'vitest';
import { heirOf, mayRemoveMembers, ownsGroup, removalRefusal } from './groupRoles';

describe('who may do what in a group', () => {
  it('the owner removes anyone, an admin only plain members, a member nobody', () => {
    expect(removalRefusal('owner', 'admin')).toBeNull();
    expect(removalRefusal('owner', 'member')).toBeNull();
    expect(removalRefusal('admin', 'member')).toBeNull();
    expect(removalRefusal('admin', 'admin')).toBe('NOT_GROUP_OWNER');
    expect(removalRefusal('admin', 'owner')).toBe('NOT_GROUP_OWNER');
    expect(removalRefusal('member', 'member')).toBe('NOT_GROUP_ADMIN');
    expect([mayRemoveMembers('owner'), mayRemoveMembers('admin'), mayRemoveMembers('member')]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('only the owner appoints admins, hands the group over and dissolves it', () => {
    expect([ownsGroup('owner'), ownsGroup('admin'), ownsGroup('member')]).toEqual([true, false, false]);
  });

  it('the heir is the longest-standing admin, else the longest-standing member, else nobody', () => {
    const m1 = { id: 'm1', role: 'member' as const };
    const a1 = { id: 'a1', role: 'admin' as const };
    const a2 = { id: 'a2', role: 'admin' as const };
    expect(heirOf([m1, a1, a2])).toBe(a1);
    expect(heirOf([m1])).toBe(m1);
    expect(heirOf([])).toBeNull();
  });
});
