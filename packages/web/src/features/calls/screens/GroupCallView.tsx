import { LayoutGrid, MicOff, Minimize2, UserSquare2 } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../../app/state/store';
import { Avatar } from '../../../ui/Avatar';
import type { ActiveCall } from '../callsSlice';
import { CallControls } from './CallControls';
import { callStatus } from './callStatus';
import { NetworkMark } from './NetworkMark';
import { StreamVideo } from './StreamVideo';
import { useCallClock } from './useCallClock';
import './groupCall.css';
import { type CallTile, speakerOf, useCallTiles } from './useCallPeople';

type Props = { active: ActiveCall; layout: 'desktop' | 'phone' };

/** One person of a group call: their picture (or face), name, mute mark and network. */
export function GroupTile({ tile, size }: { tile: CallTile; size: 'large' | 'small' }) {
  const { t } = useTranslation();
  return (
    <li
      className={`call-tile call-tile--${size}${tile.speaking ? ' call-tile--speaking' : ''}`}
      data-call-tile={tile.me ? 'me' : tile.sessionId}
      aria-label={tile.name}
    >
      {tile.video ? (
        <StreamVideo
          stream={tile.stream}
          side={tile.me ? 'local' : 'remote'}
          className="call-tile__video"
          mirrored={tile.me}
        />
      ) : (
        <Avatar name={tile.avatarName} src={tile.avatarUrl} size={size === 'large' ? 96 : 48} />
      )}
      <span className="call-tile__name">
        {tile.muted && (
          <MicOff size={13} role="img" aria-label={t('calls.muted')} className="call-tile__muted" />
        )}
        {tile.name}
      </span>
      {!tile.me && size === 'large' && (
        <span className="call-tile__network">
          <NetworkMark quality={tile.quality} />
        </span>
      )}
    </li>
  );
}

/**
 * A group call at full size: a grid of up to 3×3, or the speaker view (the one talking large,
 * the others in a strip). The same controls as one-to-one.
 */
export function GroupCallView({ active, layout }: Props) {
  const { t } = useTranslation();
  const minimise = useAppStore((s) => s.minimiseCall);
  const tiles = useCallTiles(active.conversationId, active.call, active.engine);
  const clock = useCallClock(active.connectedSince);
  const [view, setView] = useState<'grid' | 'speaker'>('grid');
  const lastSpeaker = useRef<string | null>(null);
  const speaker = speakerOf(tiles, lastSpeaker.current);
  useEffect(() => {
    lastSpeaker.current = speaker?.sessionId ?? null;
  });
  const columns = tiles.length <= 1 ? 1 : tiles.length <= 4 ? 2 : 3;
  return (
    <section
      className="call call--group"
      role="dialog"
      aria-label={t('calls.screen')}
      data-call-state={active.engine?.link ?? 'connecting'}
      data-call-view={view}
    >
      <div className="call__backdrop" aria-hidden="true" />
      <header className="call__top">
        <div className="call__titles">
          <h2 className="call__name">{t('calls.groupTitle', { count: tiles.length })}</h2>
          <p className="call__status" aria-live="polite">
            {callStatus(active, clock, t)}
          </p>
        </div>
        <div className="call__top-actions">
          <button
            type="button"
            className="call__icon"
            aria-label={view === 'grid' ? t('calls.speakerView') : t('calls.gridView')}
            title={view === 'grid' ? t('calls.speakerView') : t('calls.gridView')}
            onClick={() => setView(view === 'grid' ? 'speaker' : 'grid')}
          >
            {view === 'grid' ? (
              <UserSquare2 size={18} aria-hidden="true" />
            ) : (
              <LayoutGrid size={18} aria-hidden="true" />
            )}
          </button>
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
      {view === 'grid' || !speaker ? (
        <ul className={`call-grid call-grid--${columns}`}>
          {tiles.map((tile) => (
            <GroupTile key={tile.sessionId} tile={tile} size="large" />
          ))}
        </ul>
      ) : (
        <div className="call-speaker">
          <ul className="call-speaker__main">
            <GroupTile tile={speaker} size="large" />
          </ul>
          <ul className="call-speaker__strip">
            {tiles
              .filter((tile) => tile.sessionId !== speaker.sessionId)
              .map((tile) => (
                <GroupTile key={tile.sessionId} tile={tile} size="small" />
              ))}
          </ul>
        </div>
      )}
      <CallControls active={active} layout={layout} />
    </section>
  );
}
