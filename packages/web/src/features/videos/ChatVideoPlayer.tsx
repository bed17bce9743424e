import type { Video, VideoCard } from '@liao/protocol';
import { useEffect, useState } from 'react';
import { useAppStore } from '../../app/state/store';
import { useBackCloses } from './useBackCloses';
import { useVideoOwnerName } from './useVideoOwner';
import { VideoOwnerActions } from './VideoOwnerActions';
import { VideoPlayer } from './VideoPlayer';
import { canShareVideo } from './videosModel';

type Props = {
  card: VideoCard;
  /** The phone's back closes the player (it covers the chat as a page of its own would). */
  closeOnBack: boolean;
  onClose: () => void;
};

/**
 * A chat's video card over the whole window (the whole screen on the phone, where back closes
 * it): the player of the feed, with its share button.
 * On my own video it also has the owner's "…" (edit, delete), once the video itself is read:
 * from My videos when loaded there, else from the server.
 */
export function ChatVideoPlayer({ card, closeOnBack, onClose }: Props) {
  useBackCloses(closeOnBack, onClose);
  const openShareVideo = useAppStore((s) => s.openShareVideo);
  const ownerOf = useVideoOwnerName();
  const own = useOwnVideo(card);
  const video = own ?? card;
  return (
    <VideoPlayer
      video={video}
      owner={ownerOf(card)}
      onClose={onClose}
      onShare={!own || canShareVideo(own) ? () => openShareVideo(card.id) : undefined}
      actions={
        own && (
          <VideoOwnerActions video={own} className="video-player__btn" iconSize={20} onDeleted={onClose} />
        )
      }
    />
  );
}

/** The card's video when it is mine; the store's copy (kept current by edits) wins over the one read here. */
function useOwnVideo(card: VideoCard): Video | null {
  const mine = useAppStore((s) => s.me?.id === card.ownerId);
  const listed = useAppStore((s) => (mine ? s.myVideos.videos.find((v) => v.id === card.id) : undefined));
  const readVideo = useAppStore((s) => s.readVideo);
  const [read, setRead] = useState<Video | null>(null);
  const needed = mine && !listed;
  useEffect(() => {
    if (!needed) return;
    let live = true;
    // Without it the player still plays the card: only the "…" is missing.
    readVideo(card.id).then(
      (video) => live && setRead(video),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [needed, card.id, readVideo]);
  return listed ?? (mine ? read : null);
}
