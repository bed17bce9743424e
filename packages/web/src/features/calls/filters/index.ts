import { lazy } from 'react';

/*
 * Call filters (issue 19): beauty, colour looks and face stickers applied to the camera's
 * frames, so that the other side receives them. What the calls feature uses of them is here.
 *
 * The engine (WebGL, and @vladmandic/human once a sticker is chosen) and the panel load on
 * first use, never with the app: `loadFilterEngine()` when a call's camera starts, and
 * `FilterPanel` inside a <Suspense>.
 */

export type { FilteredCamera, FilterStats } from './engine/createFilteredCamera';
export {
  DEFAULT_FILTERS,
  type FilterOptions,
  LOOK_IDS,
  type LookId,
  NO_FILTERS,
  STICKER_IDS,
  type StickerId,
} from './model/filterOptions';
export type { FilterLevel } from './model/stepDown';
export type { FilterPanelProps } from './panel/FilterPanel';
export { useFilterChoice } from './panel/useFilterChoice';

/** The engine: `createFilteredCamera(track, options)` and `supportsFilters()`. */
export function loadFilterEngine() {
  return import('./engine/createFilteredCamera');
}

/** The filter panel (looks, beauty slider, stickers), loaded when first shown. */
export const FilterPanel = lazy(() => import('./panel/FilterPanel'));
