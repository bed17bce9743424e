import { textLength, type Visibility } from '@liao/protocol';
import { Globe, Lock, Users } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { TextField } from '../../ui/TextField';
import './VideoDetailsFields.css';

/** The protocol's caption limit (VideoCaption), in characters. */
const VIDEO_CAPTION_MAX = 300;

/** The server takes the caption: within the limit, counted in characters. */
export function captionFits(caption: string): boolean {
  return textLength(caption) <= VIDEO_CAPTION_MAX;
}

type Props = {
  caption: string;
  visibility: Visibility;
  onCaption: (caption: string) => void;
  onVisibility: (visibility: Visibility) => void;
  /** A line under the choice: what the chosen visibility changes. */
  hint?: string | null;
};

/**
 * A video's caption (with its count against the limit) and who may watch it (公开 / 仅好友 /
 * 仅自己): the fields of posting a video and of editing one.
 */
export function VideoDetailsFields({ caption, visibility, onCaption, onVisibility, hint }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        label={t('videos.caption')}
        value={caption}
        onChange={onCaption}
        placeholder={t('videos.captionPlaceholder')}
        maxChars={VIDEO_CAPTION_MAX}
        multiline
      />
      <div className="video-details__visibility">
        <span className="video-details__label">{t('videos.visibility')}</span>
        <SegmentedControl
          label={t('videos.visibility')}
          value={visibility}
          onChange={onVisibility}
          options={[
            { value: 'public', label: t('videos.public'), icon: <Globe size={14} aria-hidden="true" /> },
            { value: 'friends', label: t('videos.friends'), icon: <Users size={14} aria-hidden="true" /> },
            { value: 'private', label: t('videos.private'), icon: <Lock size={14} aria-hidden="true" /> },
          ]}
        />
        {hint && <p className="video-details__hint">{hint}</p>}
      </div>
    </>
  );
}
