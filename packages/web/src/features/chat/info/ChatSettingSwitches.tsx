import type { Conversation } from '@liao/protocol';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../app/i18n/errors';
import { useAppStore } from '../../../app/state/store';
import { Switch } from '../../../ui/Switch';

type Props = { conversation: Conversation; showMute: boolean };

type Setting = 'pinned' | 'muted';

/** Pin and mute, my own settings for a chat; the switch shows the new state while the server confirms it. */
export function ChatSettingSwitches({ conversation, showMute }: Props) {
  const { t } = useTranslation();
  const setChatPinned = useAppStore((s) => s.setChatPinned);
  const setChatMuted = useAppStore((s) => s.setChatMuted);
  const showToast = useAppStore((s) => s.showToast);
  // What was just asked for, until the synced conversation says the same (or the call fails).
  const [asked, setAsked] = useState<Partial<Record<Setting, boolean>>>({});

  const { pinned, muted } = conversation;
  useEffect(() => {
    // Confirmed: from here on the conversation alone says (another device may change it next).
    setAsked((a) => ({
      ...(a.pinned !== undefined && a.pinned !== pinned ? { pinned: a.pinned } : {}),
      ...(a.muted !== undefined && a.muted !== muted ? { muted: a.muted } : {}),
    }));
  }, [pinned, muted]);

  const shown = (setting: Setting) => asked[setting] ?? conversation[setting];

  async function change(setting: Setting, value: boolean) {
    setAsked((a) => ({ ...a, [setting]: value }));
    try {
      if (setting === 'pinned') await setChatPinned(conversation.id, value);
      else await setChatMuted(conversation.id, value);
    } catch (error) {
      setAsked(({ [setting]: _failed, ...rest }) => rest);
      showToast(describeError(t, error), 'error');
    }
  }

  return (
    <section className="chat-info__block chat-info__switches">
      <Switch label={t('groups.pin')} checked={shown('pinned')} onChange={(v) => void change('pinned', v)} />
      {showMute && (
        <Switch label={t('groups.mute')} checked={shown('muted')} onChange={(v) => void change('muted', v)} />
      )}
    </section>
  );
}
