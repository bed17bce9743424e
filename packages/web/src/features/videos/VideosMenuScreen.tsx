import { Clapperboard, Plus, Users } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { VideoTab } from '../../app/state/routes';
import { useAppStore } from '../../app/state/store';
import { IconButton } from '../../ui/IconButton';
import { IconTile } from '../../ui/IconTile';
import { ListRow } from '../../ui/ListRow';
import { PaneHeader } from '../../ui/PaneHeader';
import '../../styles/screens.css';

type Props = { selected: VideoTab };

const ENTRIES = [
  { tab: 'feed', icon: Users, color: '#e8456b', label: 'videos.feed' },
  { tab: 'mine', icon: Clapperboard, color: '#7a7fe8', label: 'videos.mine' },
] as const;

/** The desktop's list column on the videos page: the feed or mine, and 发视频. */
export function VideosMenuScreen({ selected }: Props) {
  const { t } = useTranslation();
  const navigate = useAppStore((s) => s.navigate);
  const openVideoComposer = useAppStore((s) => s.openVideoComposer);
  return (
    <div className="column">
      <PaneHeader
        title={t('videos.title')}
        actions={
          <IconButton label={t('videos.post')} icon={<Plus size={18} />} onClick={openVideoComposer} />
        }
      />
      <div className="column__body settings-menu">
        <ul className="settings-menu__group">
          {ENTRIES.map(({ tab, icon: Icon, color, label }) => (
            <li key={tab}>
              <ListRow
                leading={<IconTile color={color} size={30} icon={<Icon size={17} />} />}
                title={t(label)}
                selected={selected === tab}
                onClick={() => navigate({ name: 'videos', tab })}
                className="settings-menu__row"
              />
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
