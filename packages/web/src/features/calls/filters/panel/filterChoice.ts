import { DEFAULT_FILTERS, type FilterOptions, normalizeFilterOptions } from '../model/filterOptions';

/**
 * The filters chosen on this device, kept in localStorage: a habit of the device rather than
 * of the account (a shared computer keeps it after sign-out: app/state/localData.ts lists
 * the key among DEVICE_KEYS).
 */
export const FILTER_CHOICE_KEY = 'liao.callFilters';

type KeyStorage = Pick<Storage, 'getItem' | 'setItem'>;

function browserStorage(): KeyStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Storage refused (privacy settings): the choice then lasts as long as the page.
    return null;
  }
}

export function readFilterChoice(storage: KeyStorage | null = browserStorage()): FilterOptions {
  const saved = storage?.getItem(FILTER_CHOICE_KEY);
  if (!saved) return { ...DEFAULT_FILTERS };
  try {
    return normalizeFilterOptions(JSON.parse(saved), DEFAULT_FILTERS);
  } catch {
    return { ...DEFAULT_FILTERS };
  }
}

export function writeFilterChoice(
  options: FilterOptions,
  storage: KeyStorage | null = browserStorage(),
): void {
  try {
    storage?.setItem(FILTER_CHOICE_KEY, JSON.stringify(normalizeFilterOptions(options)));
  } catch {
    // Full or refused: the choice is still used for this call, only not remembered.
  }
}
