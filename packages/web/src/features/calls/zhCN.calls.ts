/** Strings of calls: their lines in the chat, ringing, the call screen. */
export const zhCNCalls = {
  calls: {
    voice: '语音通话',
    video: '视频通话',
    preview: '[{{media}}] {{text}}',
    duration: '通话时长 {{time}}',
    cancelledMine: '已取消',
    cancelledTheirs: '对方已取消',
    declinedMine: '对方已拒绝',
    declinedTheirs: '已拒绝',
    missedMine: '对方无应答',
    missedTheirs: '未接听',
    busyMine: '对方忙线中',
    busyTheirs: '忙线未接听',
    failed: '通话中断',
    groupEnded: '群通话已结束，时长 {{time}}',
    groupMissed: '群通话无人接听',
    groupCancelled: '群通话已取消',
  },
};
