import type { CallMedia } from '@liao/protocol';
import { Phone, Video } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../app/state/store';
import type { MenuItem } from '../../ui/DropdownMenu';
import { IconButton } from '../../ui/IconButton';

/** Starting a call from a chat: nothing while this device is already in one. */
function useStartCall(conversationId: string) {
  const startCall = useAppStore((s) => s.startCall);
  const busy = useAppStore((s) => s.callActive !== null);
  return { busy, start: (media: CallMedia) => void startCall(conversationId, media) };
}

/** The voice and video call buttons of a one-to-one chat's header. */
export function CallButtons({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const { busy, start } = useStartCall(conversationId);
  return (
    <>
      <IconButton
        label={t('calls.voice')}
        icon={<Phone size={19} />}
        disabled={busy}
        onClick={() => start('voice')}
      />
      <IconButton
        label={t('calls.video')}
        icon={<Video size={21} />}
        disabled={busy}
        onClick={() => start('video')}
      />
    </>
  );
}

/** The same two calls as rows of the composer's "+" menu. */
export function useCallMenuItems(conversationId: string): MenuItem[] {
  const { t } = useTranslation();
  const { busy, start } = useStartCall(conversationId);
  if (busy) return [];
  return [
    { id: 'call-voice', label: t('calls.voice'), icon: <Phone size={16} />, onSelect: () => start('voice') },
    { id: 'call-video', label: t('calls.video'), icon: <Video size={16} />, onSelect: () => start('video') },
  ];
}
