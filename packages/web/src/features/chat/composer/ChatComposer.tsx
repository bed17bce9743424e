import { MAX_TEXT_LENGTH } from '@liao/protocol';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../app/i18n/errors';
import { useAppStore } from '../../../app/state/store';
import { useEscape } from '../../../app/useEscape';
import { modifierKeyName } from '../../../lib/sendKey';
import { checkMessageText } from '../../../lib/validation';
import { useCallMenuItems } from '../../calls';
import { quoteText } from '../chatText';
import type { EmojiPickerLabels } from '../emoji/EmojiPicker';
import { EMOJI_GROUP_IDS, type EmojiGroupId } from '../emoji/emoji';
import { useEmojiCatalog } from '../emoji/useEmojiCatalog';
import { Composer } from './Composer';
import { DropZone } from './DropZone';
import { ImageSendDialog } from './ImageSendDialog';
import { cancelReply, replyDrafts, startReply, useReplyDraft } from './replyDraft';
import { useStagedImages } from './useStagedImages';
import { useSyncedDraft } from './useSyncedDraft';

type Props = {
  conversationId: string;
  /** The chat's name, for the image dialog's "send to". */
  chatName: string;
};

const MOD_KEY = modifierKeyName();

/**
 * Says "typing" to the other side of a one-to-one chat as the person types (the SDK throttles
 * it), and "stopped" when the text empties, is sent, or the chat closes. Groups show no typing.
 */
function useTypingSignal(conversationId: string) {
  const direct = useAppStore((s) => s.conversations.find((c) => c.id === conversationId)?.kind === 'direct');
  const setTyping = useAppStore((s) => s.setTyping);
  useEffect(() => () => setTyping(conversationId, false), [conversationId, setTyping]);
  return {
    changed(text: string) {
      if (direct) setTyping(conversationId, text.trim() !== '');
    },
    stopped() {
      setTyping(conversationId, false);
    },
  };
}

/** The open chat's composer: its synced draft, emoji, images (picked, pasted, dropped) and sending. */
export function ChatComposer({ conversationId, chatName }: Props) {
  const { t } = useTranslation();
  const locale = useAppStore((s) => s.locale);
  const sendKey = useAppStore((s) => s.sendKey);
  const sendText = useAppStore((s) => s.sendText);
  const sendImages = useAppStore((s) => s.sendImages);
  const showToast = useAppStore((s) => s.showToast);
  const draft = useSyncedDraft(conversationId);
  const typing = useTypingSignal(conversationId);
  const callItems = useCallMenuItems(conversationId);
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
    // Combining marks the server would refuse are named here, in the person's words; any other
    // refusal comes back from the SDK below, which restores the text and says why.
    const problem = checkMessageText(text);
    if (problem === 'noBaseCharacter' || problem === 'tooManyMarks') {
      showToast(t(`validation.${problem}`), 'error');
      return;
    }
    const reply = replying;
    typing.stopped();
    draft.clear();
    stopReplying();
    sendText(conversationId, text, { replyTo: reply ? { seq: reply.quote.seq } : undefined }).catch(
      (error: unknown) => {
        // Refused before it was saved (the SDK refuses what the server would): nothing went, so
        // the text and the reply come back to the composer, unless something new is there now.
        draft.restore(text);
        if (reply && !replyDrafts.getState().byConversation[conversationId])
          startReply(conversationId, reply);
        showToast(describeError(t, error), 'error');
      },
    );
  }

  // Images picked, pasted or dropped wait in the send dialog until the person sends them.
  const staged = useStagedImages();
  const [caption, setCaption] = useState('');
  const stageFiles = (files: File[]) => void staged.add(files);
  function cancelImages() {
    staged.clear();
    setCaption('');
  }
  function sendStaged() {
    const images = staged.take();
    if (images.length === 0) return;
    setCaption('');
    sendImages(conversationId, images, caption).catch((error: unknown) =>
      showToast(describeError(t, error), 'error'),
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
        maxLength={MAX_TEXT_LENGTH}
        labels={{
          placeholder: t('messages.composerPlaceholder'),
          send: t('messages.send'),
          hint: sendKey === 'enter' ? t('composer.hintEnter') : t('composer.hintMod', { mod: MOD_KEY }),
          emoji: t('composer.emoji'),
          images: t('composer.sendImages'),
          picker: pickerLabels,
          count: (length, max) => t('composer.count', { length, max }),
          tooLong: (over) => t('composer.tooLong', { over }),
          pastedTooLong: (length, max) => t('composer.pastedTooLong', { length, max }),
        }}
        emoji={emoji}
        onEmojiOpen={emoji.load}
        onEmojiPicked={emoji.remember}
        onChange={(text) => {
          draft.change(text);
          typing.changed(text);
        }}
        onSend={send}
        onFiles={stageFiles}
        rootRef={findChatPane}
        more={{ label: t('composer.more'), items: callItems }}
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
      <DropZone target={chatPane} label={t('composer.dropToSend')} onFiles={stageFiles} />
      {staged.images.length > 0 && (
        <ImageSendDialog
          images={staged.images}
          recipient={chatName}
          caption={caption}
          maxCaptionLength={MAX_TEXT_LENGTH}
          onCaption={setCaption}
          onAdd={stageFiles}
          onRemove={(key) => {
            // The last one gone closes the dialog: its caption goes with it.
            if (staged.images.length === 1) setCaption('');
            staged.remove(key);
          }}
          onSend={sendStaged}
          onCancel={cancelImages}
        />
      )}
    </>
  );
}
