import { useAppStore } from '../../../app/state/store';
import type { ActiveCall } from '../callsSlice';
import { CallView } from './CallView';
import { GroupCallView } from './GroupCallView';
import { GroupMiniCall } from './GroupMiniCall';
import { IncomingCall } from './IncomingCall';
import { MiniCall } from './MiniCall';
import { RemoteAudio } from './StreamVideo';
import './calls.css';

/** The call at full size or small, one-to-one or a group. */
function ActiveScreen({ active, layout }: { active: ActiveCall; layout: 'desktop' | 'phone' }) {
  if (active.topology === 'sfu') {
    return active.minimised ? (
      <GroupMiniCall active={active} />
    ) : (
      <GroupCallView active={active} layout={layout} />
    );
  }
  return active.minimised ? <MiniCall active={active} /> : <CallView active={active} layout={layout} />;
}

/** What the call layer shows: the ringing call, or the call at full size or small. */
export default function CallScreens({ layout }: { layout: 'desktop' | 'phone' }) {
  const incoming = useAppStore((s) => s.callIncoming[0] ?? null);
  const active = useAppStore((s) => s.callActive);
  const speaker = useAppStore((s) => s.callDevices.speaker);
  if (!active) return incoming ? <IncomingCall key={incoming.id} call={incoming} /> : null;
  return (
    <>
      <ActiveScreen active={active} layout={layout} />
      <RemoteAudio stream={active.engine?.remote ?? null} sinkId={speaker} />
      {/* A group's voices, one element each, kept while the screen changes size. */}
      {active.engine?.feeds.map((feed) => (
        <RemoteAudio key={feed.sessionId} stream={feed.stream} sinkId={speaker} />
      ))}
    </>
  );
}
