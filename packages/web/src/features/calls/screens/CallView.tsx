import { MicOff, Minimize2, MonitorUp, VideoOff } from 'lucide-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../../app/state/store';
import { Avatar } from '../../../ui/Avatar';
import type { ActiveCall } from '../callsSlice';
import { CallControls } from './CallControls';
import { callStatus } from './callStatus';
import { NetworkMark } from './NetworkMark';
import { startRingback } from './ringtone';
import { StreamVideo } from './StreamVideo';
import { useCallClock } from './useCallClock';
import { useCallPeer } from './useCallPeer';
import { useCornerDrag } from './useCornerDrag';

type Props = { active: ActiveCall; layout: 'desktop' | 'phone' };

/**
 * The call at full size: the other side's picture large (their face for a voice call, or when
 * their camera is off), the own small in a corner, the controls along the bottom.
 */
export function CallView({ active, layout }: Props) {
  const { t } = useTranslation();
  const minimise = useAppStore((s) => s.minimiseCall);
  const { face, sends } = useCallPeer(active.conversationId, active.call);
  const clock = useCallClock(active.connectedSince);
  const engine = active.engine;
  const answered = active.call?.answeredAt != null;
  const waiting = active.outgoing && !answered;
  const theirVideo = active.media === 'video' && answered && sends !== null && (sends.video || sends.screen);
  const ownVideo = active.media === 'video' && (engine?.video ?? true);
  const drag = useCornerDrag();

  // The caller hears the ringback while the other side rings.
  useEffect(() => (waiting ? startRingback() : undefined), [waiting]);

  const speaking = engine?.speaking.remote ?? false;
  const titles = (
    <div className="call__titles">
      <h2 className="call__name">{face.name}</h2>
      <p className="call__status" aria-live="polite">
        {callStatus(active, clock, t)}
      </p>
    </div>
  );
  return (
    <section
      className={`call call--${theirVideo ? 'video' : 'voice'}`}
      role="dialog"
      aria-label={t('calls.screen')}
      data-call-state={waiting ? 'waiting' : (engine?.link ?? 'connecting')}
    >
      <div className="call__backdrop" aria-hidden="true" />
      {theirVideo ? (
        <StreamVideo stream={engine?.remote ?? null} side="remote" className="call__remote" />
      ) : (
        <div className="call__face">
          <Avatar
            name={face.avatarName}
            src={face.avatarUrl}
            size={layout === 'phone' ? 104 : 120}
            className={`call__avatar${speaking ? ' call__avatar--speaking' : ''}`}
          />
          {titles}
          {/* A hidden picture still carries the frames the tests and the small window use. */}
          {active.media === 'video' && (
            <StreamVideo
              stream={engine?.remote ?? null}
              side="remote"
              className="call__remote call__remote--hidden"
            />
          )}
        </div>
      )}
      <header className="call__top">
        {/* Over their picture the name goes to the corner; otherwise it is under their face. */}
        {theirVideo ? titles : <span />}
        <div className="call__top-actions">
          {answered && <NetworkMark quality={engine?.quality ?? 'unknown'} />}
          <button
            type="button"
            className="call__icon"
            aria-label={t('calls.minimise')}
            title={t('calls.minimise')}
            onClick={minimise}
          >
            <Minimize2 size={18} aria-hidden="true" />
          </button>
        </div>
      </header>
      {sends && (!sends.audio || (active.media === 'video' && !sends.video) || sends.screen) && (
        <ul className="call__marks">
          {!sends.audio && (
            <li className="call__mark" data-mark="muted">
              <MicOff size={14} aria-hidden="true" />
              {t('calls.theyMuted')}
            </li>
          )}
          {active.media === 'video' && !sends.video && !sends.screen && (
            <li className="call__mark">
              <VideoOff size={14} aria-hidden="true" />
              {t('calls.theyCameraOff')}
            </li>
          )}
          {sends.screen && (
            <li className="call__mark">
              <MonitorUp size={14} aria-hidden="true" />
              {t('calls.theySharing')}
            </li>
          )}
        </ul>
      )}
      {active.media === 'video' && (
        <div
          className={`call__local call__local--${drag.corner}${drag.dragging ? ' call__local--dragging' : ''}${waiting ? ' call__local--full' : ''}`}
          style={waiting ? undefined : drag.style}
          {...(layout === 'desktop' && !waiting ? drag.handlers : {})}
        >
          {ownVideo ? (
            <StreamVideo stream={engine?.local ?? null} side="local" className="call__local-video" mirrored />
          ) : (
            <VideoOff size={22} aria-hidden="true" />
          )}
        </div>
      )}
      <CallControls active={active} layout={layout} />
    </section>
  );
}
