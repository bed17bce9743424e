import type { Platform, SignOutReason } from '@liao/protocol';
import type { TFunction } from 'i18next';

/** How a session ended, as the sign-in page is told (app/state/sessionSlice.ts SignOutNotice). */
interface Ended {
  reason: SignOutReason | 'invalid';
  by: Platform | null;
  cleared: boolean;
}

/**
 * The words for how a session ended: what happened (naming the phone when the phone did it,
 * as WeChat's "你已在手机上退出登录"), and whether the chats kept here were wiped. `phone`:
 * the page is the phone's, so it speaks of "this phone" rather than "this computer".
 */
export function describeSignOut(t: TFunction, ended: Ended, phone: boolean): string[] {
  const byPhone = ended.by === 'phone';
  const what = ((): string => {
    switch (ended.reason) {
      case 'self':
        return t('auth.signedOut.self');
      case 'elsewhere':
        return byPhone ? t('auth.signedOut.elsewherePhone') : t('auth.signedOut.elsewhere');
      case 'passwordChanged':
        return byPhone ? t('auth.signedOut.passwordChangedPhone') : t('auth.signedOut.passwordChanged');
      case 'expired':
        return t('auth.signedOut.expired');
      case 'disabled':
        return t('auth.signedOut.disabled');
      case 'operator':
        return t('auth.signedOut.operator');
      case 'invalid':
        return t('auth.signedOut.invalid');
    }
  })();
  if (!ended.cleared) return [what];
  return [what, phone ? t('auth.signedOut.clearedPhone') : t('auth.signedOut.cleared')];
}
