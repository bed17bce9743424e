import { useAppStore } from '../../../app/state/store';
import { CallView } from './CallView';
import { IncomingCall } from './IncomingCall';
import { MiniCall } from './MiniCall';
import { RemoteAudio } from './StreamVideo';
import './calls.css';

/** What the call layer shows: the ringing call, or the call at full size or small. */
export default function CallScreens({ layout }: { layout: 'desktop' | 'phone' }) {
  const incoming = useAppStore((s) => s.callIncoming[0] ?? null);
  const active = useAppStore((s) => s.callActive);
  const speaker = useAppStore((s) => s.callDevices.speaker);
  if (!active) return incoming ? <IncomingCall key={incoming.id} call={incoming} /> : null;
  return (
    <>
      {active.minimised ? <MiniCall active={active} /> : <CallView active={active} layout={layout} />}
      <RemoteAudio stream={active.engine?.remote ?? null} sinkId={speaker} />
    </>
  );
}
