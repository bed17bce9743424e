import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../app/state/store';
import { VideoPlayerScreen } from './VideoPlayerScreen';
import { ListBody } from './VideosScreen';
import { VideoTile } from './VideoTile';
import type { VideoList } from './videosSlice';
import './videos.css';

const EMPTY: VideoList = { videos: [], nextCursor: null, status: 'idle' };

/** A friend's videos under their profile: those I may watch, newest first. */
export function ContactVideos({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const list = useAppStore((s) => s.userVideos[userId]) ?? EMPTY;
  const load = useAppStore((s) => s.loadUserVideos);
  const openVideo = useAppStore((s) => s.openVideo);
  const openShareVideo = useAppStore((s) => s.openShareVideo);
  useEffect(() => {
    void load(userId);
  }, [load, userId]);
  return (
    <section className="contact-videos" aria-label={t('videos.userTitle')}>
      <h3 className="contact-videos__title">{t('videos.userTitle')}</h3>
      <ListBody
        list={list}
        label={t('videos.userTitle')}
        empty={<p className="contact-videos__empty">{t('videos.userEmpty')}</p>}
        onMore={() => void load(userId, { more: true })}
        onRetry={() => void load(userId, { more: list.videos.length > 0 })}
        renderTile={(video) => (
          <VideoTile video={video} onOpen={openVideo} onShare={(v) => openShareVideo(v.id)} />
        )}
      />
      <VideoPlayerScreen />
    </section>
  );
}
