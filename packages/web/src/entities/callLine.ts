import type { CallRecord } from '@liao/protocol';
import type { TFunction } from 'i18next';

/** 1:05, 12:03, 1:02:09: a call's length as a phone shows it. */
export function callDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
}

/**
 * What a call's line says, from where the reader stands: the caller reads "对方无应答" where
 * the callee reads "未接听", as WeChat words them. `mine`: the reader started the call.
 */
export function callLineText(call: CallRecord, mine: boolean, t: TFunction): string {
  const time = callDuration(call.durationMs);
  if (call.topology === 'sfu') {
    if (call.outcome === 'ended' || call.outcome === 'failed') return t('calls.groupEnded', { time });
    if (call.outcome === 'cancelled') return t('calls.groupCancelled');
    return t('calls.groupMissed');
  }
  switch (call.outcome) {
    case 'ended':
      return t('calls.duration', { time });
    case 'failed':
      return call.durationMs > 0 ? `${t('calls.failed')} ${time}` : t('calls.failed');
    case 'cancelled':
      return mine ? t('calls.cancelledMine') : t('calls.cancelledTheirs');
    case 'declined':
      return mine ? t('calls.declinedMine') : t('calls.declinedTheirs');
    case 'missed':
      return mine ? t('calls.missedMine') : t('calls.missedTheirs');
    case 'busy':
      return mine ? t('calls.busyMine') : t('calls.busyTheirs');
  }
}

/** The chat list's last line for a call: "[视频通话] 通话时长 01:05". */
export function callPreview(call: CallRecord, mine: boolean, t: TFunction): string {
  return t('calls.preview', {
    media: t(call.media === 'video' ? 'calls.video' : 'calls.voice'),
    text: callLineText(call, mine, t),
  });
}
