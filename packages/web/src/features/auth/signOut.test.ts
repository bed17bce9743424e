import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { describeSignOut } from './signOut';

/** The key itself, so that the test reads which sentence was chosen. */
const t = ((key: string) => key) as unknown as TFunction;

describe('describeSignOut', () => {
  it('[issue 15 #5] names the phone when the phone signed this computer out, not "session expired"', () => {
    expect(describeSignOut(t, { reason: 'elsewhere', by: 'phone', cleared: false }, false)).toEqual([
      'auth.signedOut.elsewherePhone',
    ]);
    expect(describeSignOut(t, { reason: 'elsewhere', by: 'web', cleared: false }, false)).toEqual([
      'auth.signedOut.elsewhere',
    ]);
  });

  it('tells each cause apart: a new password, expiry, a disabled account, the operator, a bare 401', () => {
    const first = (reason: Parameters<typeof describeSignOut>[1]['reason']) =>
      describeSignOut(t, { reason, by: null, cleared: false }, false)[0];
    expect(first('passwordChanged')).toBe('auth.signedOut.passwordChanged');
    expect(first('expired')).toBe('auth.signedOut.expired');
    expect(first('disabled')).toBe('auth.signedOut.disabled');
    expect(first('operator')).toBe('auth.signedOut.operator');
    expect(first('invalid')).toBe('auth.signedOut.invalid');
    expect(first('self')).toBe('auth.signedOut.self');
  });

  it('[issue 15 #4] says the history kept here was cleared, of this computer or this phone', () => {
    expect(describeSignOut(t, { reason: 'self', by: null, cleared: true }, false)).toEqual([
      'auth.signedOut.self',
      'auth.signedOut.cleared',
    ]);
    expect(describeSignOut(t, { reason: 'self', by: null, cleared: true }, true)[1]).toBe(
      'auth.signedOut.clearedPhone',
    );
  });
});
