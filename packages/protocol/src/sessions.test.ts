import { describe, expect, it } from 'vitest';
import { parseSignOutCloseReason, type SignOutCause, signOutCloseReason } from './sessions';

describe('sign-out causes in a close reason', () => {
  it('round-trip every cause, with and without the device that did it', () => {
    const causes: SignOutCause[] = [
      { reason: 'self' },
      { reason: 'elsewhere', by: 'phone' },
      { reason: 'elsewhere', by: 'web' },
      { reason: 'passwordChanged', by: 'desktop' },
      { reason: 'expired' },
      { reason: 'disabled' },
      { reason: 'operator' },
    ];
    for (const cause of causes) {
      const text = signOutCloseReason(cause);
      expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(123);
      expect(parseSignOutCloseReason(text)).toEqual(cause);
    }
  });

  it('a reason that names no known cause is null, not a guess', () => {
    for (const text of ['signed out', '', 'elsewhere toaster', 'expired phone extra', 'EXPIRED']) {
      expect(parseSignOutCloseReason(text), text).toBeNull();
    }
  });
});
