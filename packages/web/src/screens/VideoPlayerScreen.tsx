import { VideoPlayer } from '../components/VideoPlayer';
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
  if (!video) return null;
  // A private video shared into a chat would arrive there as unavailable.
  const shareable = video.state === 'ready' && video.visibility !== 'private';
  return (
    <VideoPlayer
      video={video}
      owner={ownerOf(video)}
      onClose={closeVideo}
      onShare={shareable ? () => openShareVideo(video.id) : undefined}
      actions={
        video.ownerId === myId ? (
          <VideoOwnerActions video={video} className="video-player__btn" iconSize={20} />
        ) : undefined
      }
    />
  );
}
