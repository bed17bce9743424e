import { Phone } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../app/state/store';
import './groupCallBar.css';

/**
 * Under a group chat's header while a call runs in it: "In a call · 3 · Join". Joining is by
 * voice; the camera can go on in the call. Nothing while this device is in that call.
 */
export function GroupCallBar({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const running = useAppStore((s) => s.callsRunning[conversationId] ?? null);
  const inIt = useAppStore((s) => running !== null && s.callActive?.call?.id === running.id);
  const busy = useAppStore((s) => s.callActive !== null);
  const joinCall = useAppStore((s) => s.joinCall);
  if (!running || inIt) return null;
  const count = running.participants.length;
  return (
    <div className="group-call-bar" role="status" data-call-id={running.id}>
      <Phone size={15} aria-hidden="true" className="group-call-bar__icon" />
      <span className="group-call-bar__text">
        {t('calls.barInCall')} · {t('calls.barCount', { count })}
      </span>
      <button
        type="button"
        className="group-call-bar__join"
        disabled={busy}
        onClick={() => void joinCall(running.id, 'voice')}
      >
        {t('calls.join')}
      </button>
    </div>
  );
}
