import { PhoneOff } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../../app/state/store';
import { Avatar } from '../../../ui/Avatar';
import type { ActiveCall } from '../callsSlice';
import { callStatus } from './callStatus';
import { StreamVideo } from './StreamVideo';
import { useCallClock } from './useCallClock';
import { speakerOf, useCallTiles } from './useCallPeople';

/** A group call made small: the one talking (their picture or face), the time, hang-up. */
export function GroupMiniCall({ active }: { active: ActiveCall }) {
  const { t } = useTranslation();
  const restore = useAppStore((s) => s.restoreCall);
  const hangUp = useAppStore((s) => s.hangUp);
  const clock = useCallClock(active.connectedSince);
  const speaker = speakerOf(useCallTiles(active.conversationId, active.call, active.engine), null);
  const video = speaker?.video ?? false;
  return (
    <div className={`call-mini${video ? ' call-mini--video' : ''}`} data-call-speaker={speaker?.sessionId}>
      <button type="button" className="call-mini__open" onClick={restore} aria-label={t('calls.restore')}>
        {speaker && video ? (
          <StreamVideo
            stream={speaker.stream}
            side="remote"
            className="call-mini__video"
            mirrored={speaker.me}
          />
        ) : (
          <Avatar name={speaker?.avatarName ?? '?'} src={speaker?.avatarUrl ?? null} size={48} />
        )}
        <span className="call-mini__status">{callStatus(active, clock, t)}</span>
      </button>
      <button
        type="button"
        className="call-mini__hangup"
        aria-label={t('calls.hangUp')}
        title={t('calls.hangUp')}
        onClick={() => void hangUp()}
      >
        <PhoneOff size={16} aria-hidden="true" />
      </button>
    </div>
  );
}
