import type { Call } from '@liao/protocol';
import { Phone, PhoneOff, Video } from 'lucide-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { appStore, useAppStore } from '../../../app/state/store';
import { Avatar } from '../../../ui/Avatar';
import { RoundButton } from './RoundButton';
import { startRingtone } from './ringtone';
import { useCallPeer } from './useCallPeer';

const ICON = '/icons/icon-192.png';

/**
 * A call ringing on this device: the whole window, the caller's face and name, and the answers.
 * It rings while shown; when the tab is hidden a system notification says who calls.
 */
export function IncomingCall({ call }: { call: Call }) {
  const { t } = useTranslation();
  const answerCall = useAppStore((s) => s.answerCall);
  const declineCall = useAppStore((s) => s.declineCall);
  const { face } = useCallPeer(call.conversationId, call);
  const invited = t(call.media === 'video' ? 'calls.invitedVideo' : 'calls.invitedVoice');

  // Rings until this screen goes: answered, declined, answered elsewhere, or timed out.
  useEffect(() => startRingtone(), []);
  useCallNotification(call, face.name, invited);

  return (
    <div
      className="call call--incoming"
      role="alertdialog"
      aria-label={t('calls.incoming')}
      aria-describedby="call-invited"
    >
      <div className="call__backdrop" aria-hidden="true" />
      <div className="call-incoming__who">
        <Avatar name={face.avatarName} src={face.avatarUrl} size={96} className="call__avatar" />
        <h2 className="call__name">{face.name}</h2>
        <p className="call__status" id="call-invited">
          {invited}
        </p>
      </div>
      <div className="call__controls call__controls--answer">
        <RoundButton
          label={t('calls.decline')}
          tone="danger"
          captioned
          icon={<PhoneOff size={26} />}
          onClick={() => void declineCall(call.id)}
        />
        {call.media === 'video' && (
          <RoundButton
            label={t('calls.acceptVoice')}
            captioned
            icon={<Phone size={26} />}
            onClick={() => void answerCall(call.id, 'voice')}
          />
        )}
        <RoundButton
          label={t(call.media === 'video' ? 'calls.acceptVideo' : 'calls.acceptVoice')}
          tone="accept"
          captioned
          icon={call.media === 'video' ? <Video size={26} /> : <Phone size={26} />}
          onClick={() => void answerCall(call.id, call.media)}
        />
      </div>
    </div>
  );
}

/** A system notification while the tab is hidden (the person's notification setting applies). */
function useCallNotification(call: Call, name: string, body: string): void {
  useEffect(() => {
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    if (!appStore.getState().notifications || !document.hidden) return;
    let notification: Notification | null = null;
    try {
      notification = new Notification(name, {
        body,
        tag: `call:${call.id}`,
        icon: ICON,
        requireInteraction: true,
      });
      notification.onclick = () => {
        window.focus();
        notification?.close();
      };
    } catch {
      // Only a service worker may notify here (Android Chrome): the ring and the title say it.
    }
    return () => notification?.close();
  }, [call.id, name, body]);
}
