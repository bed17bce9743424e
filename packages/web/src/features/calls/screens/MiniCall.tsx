import { PhoneOff } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../../app/state/store';
import { Avatar } from '../../../ui/Avatar';
import type { ActiveCall } from '../callsSlice';
import { callStatus } from './callStatus';
import { StreamVideo } from './StreamVideo';
import { useCallClock } from './useCallClock';
import { useCallPeer } from './useCallPeer';

/** The call made small while the person chats on: their picture or face, the time, hang-up. */
export function MiniCall({ active }: { active: ActiveCall }) {
  const { t } = useTranslation();
  const restore = useAppStore((s) => s.restoreCall);
  const hangUp = useAppStore((s) => s.hangUp);
  const { face, sends } = useCallPeer(active.conversationId, active.call);
  const clock = useCallClock(active.connectedSince);
  const theirVideo = active.media === 'video' && sends !== null && (sends.video || sends.screen);
  return (
    <div className={`call-mini${theirVideo ? ' call-mini--video' : ''}`}>
      <button type="button" className="call-mini__open" onClick={restore} aria-label={t('calls.restore')}>
        {theirVideo ? (
          <StreamVideo stream={active.engine?.remote ?? null} side="remote" className="call-mini__video" />
        ) : (
          <Avatar name={face.avatarName} src={face.avatarUrl} size={48} />
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
