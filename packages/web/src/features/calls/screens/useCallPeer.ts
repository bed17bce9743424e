import type { Call } from '@liao/protocol';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../../app/state/store';
import { conversationFace } from '../../../entities/conversationText';
import { otherParticipant } from '../callModel';

/** The other side of a one-to-one call: their name and face, and what they send. */
export function useCallPeer(conversationId: string, call: Call | null) {
  const { t } = useTranslation();
  const conversation = useAppStore((s) => s.conversations.find((c) => c.id === conversationId));
  const friends = useAppStore((s) => s.friends);
  const meId = useAppStore((s) => s.me?.id ?? '');
  const face = conversation
    ? conversationFace(conversation, friends, t)
    : { name: t('messages.unknownPeer'), avatarName: '?', avatarUrl: null };
  const them = call ? otherParticipant(call, meId) : null;
  return {
    face,
    /** Null until they are in the call. */
    sends: them
      ? { audio: them.audio, video: them.video, screen: them.screen, connected: them.connected }
      : null,
  };
}
