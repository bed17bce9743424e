import type { Video } from '@liao/protocol';
import { Clapperboard, Plus, Users } from 'lucide-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { VideoTab } from '../../app/state/routes';
import { useAppStore } from '../../app/state/store';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { IconButton } from '../../ui/IconButton';
import { PaneHeader } from '../../ui/PaneHeader';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { PostVideoScreen } from './PostVideoScreen';
import { useVideoOwnerName } from './useVideoOwner';
import { VideoGrid } from './VideoGrid';
import { VideoOwnerActions } from './VideoOwnerActions';
import { VideoPlayerScreen } from './VideoPlayerScreen';
import { VideoTile } from './VideoTile';
import type { VideoList } from './videosSlice';
import '../../styles/screens.css';
import './videos.css';

type Props = {
  tab: VideoTab;
  /** The phone switches between the feed and mine here; the desktop's list column does it. */
  showTabs?: boolean;
};

/** Friends' videos (the feed, newest first) or mine, as a grid that grows as it scrolls. */
export function VideosScreen({ tab, showTabs = false }: Props) {
  const { t } = useTranslation();
  const navigate = useAppStore((s) => s.navigate);
  const openVideoComposer = useAppStore((s) => s.openVideoComposer);
  const title = showTabs ? t('videos.title') : tab === 'feed' ? t('videos.feed') : t('videos.mine');
  return (
    <div className="pane videos">
      <PaneHeader
        title={title}
        actions={
          // The phone's header has room for an icon only, as its other pages do.
          showTabs ? (
            <IconButton label={t('videos.post')} icon={<Plus size={22} />} onClick={openVideoComposer} />
          ) : (
            <Button size="s" variant="primary" icon={<Plus size={16} />} onClick={openVideoComposer}>
              {t('videos.post')}
            </Button>
          )
        }
      />
      {showTabs && (
        <div className="videos__tabs">
          <SegmentedControl
            label={t('videos.tabsLabel')}
            value={tab}
            onChange={(next) => navigate({ name: 'videos', tab: next }, { replace: true })}
            options={[
              { value: 'feed', label: t('videos.feed') },
              { value: 'mine', label: t('videos.mine') },
            ]}
          />
        </div>
      )}
      <div className="videos__body">{tab === 'feed' ? <FeedGrid /> : <MyGrid />}</div>
      <PostVideoScreen />
      <VideoPlayerScreen />
    </div>
  );
}

function FeedGrid() {
  const { t } = useTranslation();
  const list = useAppStore((s) => s.videoFeed);
  const load = useAppStore((s) => s.loadVideoFeed);
  const openVideo = useAppStore((s) => s.openVideo);
  const openShareVideo = useAppStore((s) => s.openShareVideo);
  const ownerOf = useVideoOwnerName();
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <ListBody
      list={list}
      label={t('videos.feed')}
      empty={
        <EmptyState
          icon={<Users size={28} />}
          title={t('videos.feedEmpty')}
          body={t('videos.feedEmptyBody')}
        />
      }
      onMore={() => void load({ more: true })}
      onRetry={() => void load({ more: list.videos.length > 0 })}
      renderTile={(video) => (
        <VideoTile
          video={video}
          owner={ownerOf(video)}
          onOpen={openVideo}
          onShare={(v) => openShareVideo(v.id)}
        />
      )}
    />
  );
}

function MyGrid() {
  const { t } = useTranslation();
  const list = useAppStore((s) => s.myVideos);
  const load = useAppStore((s) => s.loadMyVideos);
  const openVideo = useAppStore((s) => s.openVideo);
  const openShareVideo = useAppStore((s) => s.openShareVideo);
  const openVideoComposer = useAppStore((s) => s.openVideoComposer);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <ListBody
      list={list}
      label={t('videos.mine')}
      empty={
        <EmptyState
          icon={<Clapperboard size={28} />}
          title={t('videos.mineEmpty')}
          body={t('videos.mineEmptyBody')}
          action={
            <Button variant="primary" icon={<Plus size={16} />} onClick={openVideoComposer}>
              {t('videos.post')}
            </Button>
          }
        />
      }
      onMore={() => void load({ more: true })}
      onRetry={() => void load({ more: list.videos.length > 0 })}
      renderTile={(video) => (
        <VideoTile
          video={video}
          showVisibility
          onOpen={openVideo}
          onShare={(v) => openShareVideo(v.id)}
          actions={<VideoOwnerActions video={video} className="video-tile__more" iconSize={16} />}
        />
      )}
    />
  );
}

type ListBodyProps = {
  list: VideoList;
  label: string;
  empty: React.ReactNode;
  onMore: () => void;
  onRetry: () => void;
  renderTile: (video: Video) => React.ReactNode;
};

/** A video list's grid with its first-load skeleton, empty state, failed line and further pages. */
export function ListBody({ list, label, empty, onMore, onRetry, renderTile }: ListBodyProps) {
  const { t } = useTranslation();
  const firstLoad = list.videos.length === 0 && (list.status === 'loading' || list.status === 'idle');
  if (list.videos.length === 0 && list.status === 'ready') return <>{empty}</>;
  return (
    <>
      <VideoGrid
        label={label}
        skeleton={firstLoad}
        onReachEnd={list.nextCursor !== null && list.status === 'ready' ? onMore : undefined}
      >
        {list.videos.map((video) => (
          <li key={video.id}>{renderTile(video)}</li>
        ))}
      </VideoGrid>
      {list.status === 'error' && (
        <p className="videos__failed" role="alert">
          <span>{t('videos.loadFailed')}</span>
          <Button size="s" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        </p>
      )}
    </>
  );
}
