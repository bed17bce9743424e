import { useCallback, useState } from 'react';
import type { FilterOptions } from '../model/filterOptions';
import { readFilterChoice, writeFilterChoice } from './filterChoice';

/**
 * The filters this device last used, and a setter that remembers a new choice: the preview
 * before a call starts with them, and a change during the call is kept for the next one.
 */
export function useFilterChoice(): [FilterOptions, (next: FilterOptions) => void] {
  const [choice, setChoice] = useState(readFilterChoice);
  const choose = useCallback((next: FilterOptions) => {
    writeFilterChoice(next);
    setChoice(readFilterChoice());
  }, []);
  return [choice, choose];
}
