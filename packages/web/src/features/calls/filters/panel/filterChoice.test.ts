import { describe, expect, it } from 'vitest';
import { sweepAccountKeys } from '../../../../app/state/localData';
import { DEFAULT_FILTERS } from '../model/filterOptions';
import { FILTER_CHOICE_KEY, readFilterChoice, writeFilterChoice } from './filterChoice';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    removeItem: (key: string) => void data.delete(key),
    key: (i: number) => [...data.keys()][i] ?? null,
    get length() {
      return data.size;
    },
    data,
  };
}

describe('the remembered filter choice', () => {
  it('starts from the default on a new device', () => {
    expect(readFilterChoice(memoryStorage())).toEqual(DEFAULT_FILTERS);
    expect(readFilterChoice(null)).toEqual(DEFAULT_FILTERS);
  });

  it('reads back what was written', () => {
    const storage = memoryStorage();
    writeFilterChoice({ beauty: 0.8, look: 'film', sticker: 'crown' }, storage);
    expect(readFilterChoice(storage)).toEqual({ beauty: 0.8, look: 'film', sticker: 'crown' });
  });

  it('survives a broken or outdated value', () => {
    expect(readFilterChoice(memoryStorage({ [FILTER_CHOICE_KEY]: '{not json' }))).toEqual(DEFAULT_FILTERS);
    const old = JSON.stringify({ beauty: 3, look: 'vivid' });
    expect(readFilterChoice(memoryStorage({ [FILTER_CHOICE_KEY]: old }))).toEqual({
      ...DEFAULT_FILTERS,
      beauty: 1,
      look: null,
    });
  });

  it('stays at sign-out, as a habit of the device', () => {
    const storage = memoryStorage({ [FILTER_CHOICE_KEY]: '{}', 'liao.draft.x': 'hello' });
    sweepAccountKeys(storage);
    expect(storage.data.has(FILTER_CHOICE_KEY)).toBe(true);
    expect(storage.data.has('liao.draft.x')).toBe(false);
  });
});
