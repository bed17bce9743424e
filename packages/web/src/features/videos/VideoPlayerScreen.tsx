import { useAppStore } from '../../app/state/store';
import { useVideoOwnerName } from './useVideoOwner';
import { VideoOwnerActions } from './VideoOwnerActions';
import { VideoPlayer } from './VideoPlayer';
import { canShareVideo } from './videosModel';

/** The video opened from a grid or the feed, over the whole window. */
export function VideoPlayerScreen() {
  const video = useAppStore((s) => s.playingVideo);
  const closeVideo = useAppStore((s) => s.closeVideo);
  const openShareVideo = useAppStore((s) => s.openShareVideo);
  const myId = useAppStore((s) => s.me?.id);
  const ownerOf = useVideoOwnerName();
  if (!video) return null;
  return (
    <VideoPlayer
      video={video}
      owner={ownerOf(video)}
      onClose={closeVideo}
      onShare={canShareVideo(video) ? () => openShareVideo(video.id) : undefined}
      actions={
        video.ownerId === myId ? (
          <VideoOwnerActions video={video} className="video-player__btn" iconSize={20} />
        ) : undefined
      }
    />
  );
}
