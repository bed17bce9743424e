import { MAX_TEXT_LENGTH } from '@liao/protocol';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Composer } from '../components/Composer';
import { DropZone } from '../components/DropZone';
import type { EmojiPickerLabels } from '../components/EmojiPicker';
import { describeError } from '../i18n/errors';
import { useEscape } from '../layouts/useEscape';
import { EMOJI_GROUP_IDS, type EmojiGroupId } from '../lib/emoji';
import { measureImage, refuseImageFile } from '../lib/imageFiles';
import { modifierKeyName } from '../lib/sendKey';
import { checkMessageText } from '../lib/validation';
import { cancelReply, useReplyDraft } from '../state/replyDraft';
import { useAppStore } from '../state/store';
import { quoteText } from './chatText';
import { useEmojiCatalog } from './useEmojiCatalog';
import { useSyncedDraft } from './useSyncedDraft';

type Props = { conversationId: string };

const MOD_KEY = modifierKeyName();

/** The open chat's composer: its synced draft, emoji, images (picked, pasted, dropped) and sending. */
export function ChatComposer({ conversationId }: Props) {
  const { t } = useTranslation();
  const locale = useAppStore((s) => s.locale);
  const sendKey = useAppStore((s) => s.sendKey);
  const sendText = useAppStore((s) => s.sendText);
  const uploadImage = useAppStore((s) => s.uploadImage);
  const showToast = useAppStore((s) => s.showToast);
  const draft = useSyncedDraft(conversationId);
  const replying = useReplyDraft(conversationId);
  const stopReplying = useCallback(() => cancelReply(conversationId), [conversationId]);
  useEscape(replying !== null, stopReplying);
  const emoji = useEmojiCatalog(locale);
  const [chatPane, setChatPane] = useState<HTMLElement | null>(null);
  // The chat pane around the composer is where images may be dropped.
  const findChatPane = useCallback(
    (composer: HTMLElement | null) =>
      setChatPane((composer?.closest('.chat') as HTMLElement | null) ?? composer),
    [],
  );

  function send(text: string) {
    // Text the server would refuse stays in the box, with the reason, rather than being cleared
    // into an outbox item that can only fail.
    const problem = checkMessageText(text);
    if (problem) {
      showToast(t(`validation.${problem}`, { max: MAX_TEXT_LENGTH }), 'error');
      return;
    }
    draft.clear();
    const replyTo = replying ? { seq: replying.quote.seq } : undefined;
    stopReplying();
    sendText(conversationId, text, { replyTo }).catch((error: unknown) =>
      showToast(describeError(t, error), 'error'),
    );
  }

  async function sendFile(file: File) {
    const refusal = refuseImageFile(file);
    if (refusal) {
      showToast(t(`composer.${refusal}`, { name: file.name }), 'error');
      return;
    }
    let size: { width: number; height: number };
    try {
      size = await measureImage(file);
    } catch {
      showToast(t('composer.unreadableImage', { name: file.name }), 'error');
      return;
    }
    await uploadImage(conversationId, {
      blob: file,
      type: file.type,
      ...size,
      previewUrl: URL.createObjectURL(file),
    });
  }

  function sendFiles(files: File[]) {
    // One after another, in the order picked: each upload's message then takes its turn in the outbox.
    void files.reduce<Promise<void>>(
      (previous, file) => previous.then(() => sendFile(file)),
      Promise.resolve(),
    );
  }

  const pickerLabels = useMemo<EmojiPickerLabels>(
    () => ({
      dialog: t('composer.emoji'),
      search: t('composer.emojiSearch'),
      recent: t('composer.emojiRecent'),
      noResults: t('composer.emojiNoResults'),
      loading: t('composer.emojiLoading'),
      loadFailed: t('composer.emojiLoadFailed'),
      groups: Object.fromEntries(
        EMOJI_GROUP_IDS.map((id) => [id, t(`composer.emojiGroups.g${id}`)]),
      ) as Record<EmojiGroupId, string>,
    }),
    [t],
  );

  return (
    <>
      <Composer
        value={draft.text}
        sendKey={sendKey}
        labels={{
          placeholder: t('messages.composerPlaceholder'),
          send: t('messages.send'),
          hint: sendKey === 'enter' ? t('composer.hintEnter') : t('composer.hintMod', { mod: MOD_KEY }),
          emoji: t('composer.emoji'),
          images: t('composer.sendImages'),
          picker: pickerLabels,
        }}
        emoji={emoji}
        onEmojiOpen={emoji.load}
        onEmojiPicked={emoji.remember}
        onChange={draft.change}
        onSend={send}
        onFiles={sendFiles}
        rootRef={findChatPane}
        reply={
          replying && {
            key: `${conversationId}/${replying.quote.seq}`,
            title: t('reply.replying', { name: replying.name }),
            text: quoteText(replying.quote, t),
            cancelLabel: t('reply.cancel'),
            onCancel: stopReplying,
          }
        }
      />
      <DropZone target={chatPane} label={t('composer.dropToSend')} onFiles={sendFiles} />
    </>
  );
}
