import { VideoPlayer } from '../components/VideoPlayer';
import { useEscape } from '../layouts/useEscape';
import { useAppStore } from '../state/store';
import { useVideoOwnerName } from './useVideoOwner';
import { VideoOwnerActions } from './VideoOwnerActions';

/** The video opened from a grid or the feed, over the whole window. */
export function VideoPlayerScreen() {
  const video = useAppStore((s) => s.playingVideo);
  const closeVideo = useAppStore((s) => s.closeVideo);
  const openShareVideo = useAppStore((s) => s.openShareVideo);
  const myId = useAppStore((s) => s.me?.id);
  const ownerOf = useVideoOwnerName();
  useEscape(video !== null, closeVideo);
  if (!video) return null;
  return (
    <VideoPlayer
      video={video}
      owner={ownerOf(video)}
      onClose={closeVideo}
      onShare={(v) => openShareVideo(v.id)}
      actions={
        video.ownerId === myId ? (
          <VideoOwnerActions video={video} className="video-player__btn" iconSize={20} />
        ) : undefined
      }
    />
  );
}
