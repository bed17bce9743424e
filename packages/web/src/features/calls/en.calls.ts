import type { Messages } from '../../app/i18n/zhCN';

export const enCalls: Pick<Messages, 'calls'> = {
  calls: {
    voice: 'Voice call',
    video: 'Video call',
    preview: '[{{media}}] {{text}}',
    duration: 'Duration {{time}}',
    cancelledMine: 'Cancelled',
    cancelledTheirs: 'Cancelled by caller',
    declinedMine: 'Declined',
    declinedTheirs: 'You declined',
    missedMine: 'No answer',
    missedTheirs: 'Missed call',
    busyMine: 'Line busy',
    busyTheirs: 'Missed while on another call',
    failed: 'Call dropped',
    groupEnded: 'Group call ended, {{time}}',
    groupMissed: 'Nobody joined the group call',
    groupCancelled: 'Group call cancelled',
  },
};
