import type { Video, Visibility } from '@liao/protocol';
import { Ellipsis, Pencil, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/i18n/errors';
import { useAppStore } from '../../app/state/store';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { DropdownMenu } from '../../ui/DropdownMenu';
import { VideoEditDialog } from './VideoEditDialog';

type Props = {
  video: Video;
  /** The "…" button's look: a round one over a tile, or the player's bar. */
  className: string;
  iconSize: number;
  /** After it is deleted, for a caller that holds its own copy (the chat's player). */
  onDeleted?: () => void;
};

type Draft = { caption: string; visibility: Visibility };

/** "…" on my own video: edit its caption and who may watch it, or delete it after asking. */
export function VideoOwnerActions({ video, className, iconSize, onDeleted }: Props) {
  const { t } = useTranslation();
  const editVideo = useAppStore((s) => s.editVideo);
  const deleteVideo = useAppStore((s) => s.deleteVideo);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save(next: Draft) {
    const change: { caption?: string; visibility?: Visibility } = {};
    const caption = next.caption.trim();
    if (caption !== video.caption) change.caption = caption;
    if (next.visibility !== video.visibility) change.visibility = next.visibility;
    if (change.caption === undefined && change.visibility === undefined) {
      setDraft(null);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await editVideo(video.id, change);
      setDraft(null);
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      // Once gone, this (its tile or the player) is unmounted: nothing to reset.
      await deleteVideo(video.id);
      onDeleted?.();
    } catch (e) {
      setError(describeError(t, e));
      setBusy(false);
    }
  }

  return (
    <>
      <DropdownMenu
        label={t('videos.ownerMenu')}
        items={[
          {
            id: 'edit',
            label: t('videos.edit'),
            icon: <Pencil size={16} />,
            onSelect: () => {
              setError(null);
              setDraft({ caption: video.caption, visibility: video.visibility });
            },
          },
          {
            id: 'delete',
            label: t('videos.delete'),
            icon: <Trash2 size={16} />,
            danger: true,
            onSelect: () => {
              setError(null);
              setConfirming(true);
            },
          },
        ]}
      >
        <button
          type="button"
          className={className}
          aria-label={t('videos.ownerMenu')}
          title={t('videos.more')}
        >
          <Ellipsis size={iconSize} aria-hidden="true" />
        </button>
      </DropdownMenu>
      <VideoEditDialog
        open={draft !== null}
        caption={draft?.caption ?? ''}
        visibility={draft?.visibility ?? video.visibility}
        warnPrivate={draft?.visibility === 'private' && video.visibility !== 'private'}
        busy={busy}
        error={draft ? error : null}
        onCaption={(caption) => setDraft((d) => d && { ...d, caption })}
        onVisibility={(visibility) => setDraft((d) => d && { ...d, visibility })}
        onSave={() => draft && void save(draft)}
        onCancel={() => setDraft(null)}
      />
      <ConfirmDialog
        open={confirming}
        title={t('videos.deleteTitle')}
        body={t('videos.deleteBody')}
        confirmLabel={t('videos.delete')}
        cancelLabel={t('common.cancel')}
        danger
        busy={busy}
        error={confirming ? error : null}
        onConfirm={() => void remove()}
        onCancel={() => setConfirming(false)}
      />
    </>
  );
}
