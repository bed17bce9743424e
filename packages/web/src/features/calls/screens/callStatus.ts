import type { TFunction } from 'i18next';
import type { ActiveCall } from '../callsSlice';

/** The line under the name: waiting, connecting, reconnecting, or the running time. */
export function callStatus(active: ActiveCall, clock: string | null, t: TFunction): string {
  const answered = active.call?.answeredAt != null;
  if (!answered) return active.outgoing ? t('calls.waiting') : t('calls.connecting');
  const link = active.engine?.link ?? 'connecting';
  if (link === 'reconnecting') return t('calls.reconnecting');
  if (link !== 'connected') return t('calls.connecting');
  return clock ?? '';
}
