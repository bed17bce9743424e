import { Ban } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { FilterStats } from '../engine/createFilteredCamera';
import { drawStickerIcon } from '../engine/stickerArt';
import {
  type FilterOptions,
  LOOK_IDS,
  type LookId,
  STICKER_IDS,
  type StickerId,
} from '../model/filterOptions';
import type { FilterLevel } from '../model/stepDown';
import { THUMB_SIZE } from './lookPixels';
import { useLookThumbnails } from './useLookThumbnails';
import './FilterPanel.css';

export interface FilterPanelProps {
  value: FilterOptions;
  onChange: (next: FilterOptions) => void;
  /**
   * The camera's own track, unfiltered, whose picture the looks' thumbnails show (a filtered
   * one would show each look over the current one); null shows a stand-in picture.
   */
  preview: MediaStreamTrack | null;
  /** The engine's level (stats().level): below full the panel says effects were eased. */
  level: FilterLevel;
  /** The engine's face tracking (stats().stickers), to say when stickers are loading or unavailable. */
  stickers?: FilterStats['stickers'];
}

/** Icon canvases are drawn at twice their CSS size, sharp on the common 2× screens. */
const ICON_PIXELS = 80;

type Choice<T> = { key: string; value: T; label: string; picture: React.ReactNode };

/** A row of exclusive picture choices; it scrolls sideways where the panel is narrow. */
function ChoiceStrip<T>({
  label,
  choices,
  selected,
  onPick,
}: {
  label: string;
  choices: readonly Choice<T>[];
  selected: T;
  onPick: (value: T) => void;
}) {
  return (
    <div className="filter-panel__strip" role="radiogroup" aria-label={label}>
      {choices.map((choice) => (
        // biome-ignore lint/a11y/useSemanticElements: a picture button acting as a radio; role and state are set
        <button
          key={choice.key}
          type="button"
          role="radio"
          aria-checked={choice.value === selected}
          className="filter-choice"
          onClick={() => onPick(choice.value)}
        >
          <span className="filter-choice__picture">{choice.picture}</span>
          <span className="filter-choice__name">{choice.label}</span>
        </button>
      ))}
    </div>
  );
}

function StickerIcon({ sticker }: { sticker: StickerId }) {
  return (
    <canvas
      className="filter-choice__icon"
      width={ICON_PIXELS}
      height={ICON_PIXELS}
      ref={(canvas) => {
        if (canvas) drawStickerIcon(canvas, sticker);
      }}
    />
  );
}

/** Beauty, looks and stickers for the camera in a call: shown over the preview, changed live. */
export default function FilterPanel({ value, onChange, preview, level, stickers = 'off' }: FilterPanelProps) {
  const { t } = useTranslation();
  const thumbnail = useLookThumbnails(preview);
  const percent = Math.round(value.beauty * 100);

  const looks: Choice<LookId | null>[] = [
    {
      key: 'original',
      value: null,
      label: t('callFilters.original'),
      picture: (
        <canvas
          className="filter-choice__thumb"
          width={THUMB_SIZE}
          height={THUMB_SIZE}
          ref={thumbnail('original')}
        />
      ),
    },
    ...LOOK_IDS.map((look) => ({
      key: look,
      value: look,
      label: t(`callFilters.lookNames.${look}`),
      picture: (
        <canvas
          className="filter-choice__thumb"
          width={THUMB_SIZE}
          height={THUMB_SIZE}
          ref={thumbnail(look)}
        />
      ),
    })),
  ];
  const stickerChoices: Choice<StickerId | null>[] = [
    {
      key: 'none',
      value: null,
      label: t('callFilters.noSticker'),
      picture: <Ban aria-hidden="true" size={22} />,
    },
    ...STICKER_IDS.map((sticker) => ({
      key: sticker,
      value: sticker,
      label: t(`callFilters.stickerNames.${sticker}`),
      picture: <StickerIcon sticker={sticker} />,
    })),
  ];
  const stickerNotice =
    value.sticker && stickers === 'loading'
      ? t('callFilters.stickersLoading')
      : value.sticker && stickers === 'unavailable'
        ? t('callFilters.stickersUnavailable')
        : null;

  return (
    <section className="filter-panel" aria-label={t('callFilters.title')}>
      {level !== 'full' && (
        <p className="filter-panel__notice" role="status">
          {t('callFilters.eased')}
        </p>
      )}
      <div className="filter-panel__section">
        <h3 className="filter-panel__heading">{t('callFilters.looks')}</h3>
        <ChoiceStrip
          label={t('callFilters.looks')}
          choices={looks}
          selected={value.look}
          onPick={(look) => onChange({ ...value, look })}
        />
      </div>
      <div className="filter-panel__section">
        <h3 className="filter-panel__heading">{t('callFilters.beauty')}</h3>
        <div className="filter-panel__slider">
          <input
            type="range"
            min={0}
            max={100}
            step={5}
            value={percent}
            aria-label={t('callFilters.beautyHint')}
            aria-valuetext={percent === 0 ? t('callFilters.beautyOff') : `${percent}`}
            onChange={(event) => onChange({ ...value, beauty: Number(event.currentTarget.value) / 100 })}
          />
          <output className="filter-panel__value">
            {percent === 0 ? t('callFilters.beautyOff') : percent}
          </output>
        </div>
      </div>
      <div className="filter-panel__section">
        <h3 className="filter-panel__heading">
          {t('callFilters.stickers')}
          {stickerNotice && (
            <span className="filter-panel__aside" role="status">
              {stickerNotice}
            </span>
          )}
        </h3>
        <ChoiceStrip
          label={t('callFilters.stickers')}
          choices={stickerChoices}
          selected={value.sticker}
          onPick={(sticker) => onChange({ ...value, sticker })}
        />
      </div>
    </section>
  );
}
