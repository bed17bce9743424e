import { VideoPlayer } from '../components/VideoPlayer';
import { useEscape } from '../layouts/useEscape';
import { useAppStore } from '../state/store';
import { useVideoOwnerName } from './useVideoOwner';

/** The video opened from a grid or the feed, over the whole window. */
export function VideoPlayerScreen() {
  const video = useAppStore((s) => s.playingVideo);
  const closeVideo = useAppStore((s) => s.closeVideo);
  const openShareVideo = useAppStore((s) => s.openShareVideo);
  const ownerOf = useVideoOwnerName();
  useEscape(video !== null, closeVideo);
  if (!video) return null;
  return (
    <VideoPlayer
      video={video}
      owner={ownerOf(video)}
      onClose={closeVideo}
      onShare={(v) => openShareVideo(v.id)}
    />
  );
}
