import { describe, expect, it, vi } from 'vitest';
import {
  historyLapsed,
  isNewBrowserSession,
  onAccountWipe,
  readKeepHistory,
  sweepAccountKeys,
  wipeAccountData,
  writeKeepHistory,
} from './localData';

/** localStorage as a Map, with the parts of Storage the module uses. */
function makeStorage(entries: Record<string, string> = {}) {
  const map = new Map(Object.entries(entries));
  return {
    map,
    get length() {
      return map.size;
    },
    key: (i: number) => [...map.keys()][i] ?? null,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

/** document.cookie's behaviour: reading gives every cookie, writing adds one. */
function makeJar() {
  const cookies = new Map<string, string>();
  return {
    get cookie() {
      return [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    },
    set cookie(line: string) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      cookies.set(name.trim(), value);
    },
  };
}

describe('what the browser keeps of an account', () => {
  it('[issue 15 #4] sign-out sweeps the account’s keys and keeps the browser’s habits', () => {
    const storage = makeStorage({
      'liao.locale': 'en',
      'liao.theme': 'dark',
      'liao.sendKey': 'mod-enter',
      'liao.listWidth': '320',
      'liao.emoji.recent': '["😀"]',
      'liao.videoUploads': '{"f":{"uploadUrl":"/u/1","savedAt":1}}',
      'liao.keepHistory': 'on',
      'liao.drafts.someone': 'a draft a later feature might keep',
      'other.app': 'not ours',
    });
    sweepAccountKeys(storage);
    expect([...storage.map.keys()].sort()).toEqual([
      'liao.emoji.recent',
      'liao.listWidth',
      'liao.locale',
      'liao.sendKey',
      'liao.theme',
      'other.app',
    ]);
  });

  it('wiping drops the store, the swept keys and registered memory (drafts), and says whether there was a store to clear', async () => {
    const storage = makeStorage({ 'liao.videoUploads': '{}' });
    const forget = vi.fn(async () => true);
    const drafts = vi.fn();
    const off = onAccountWipe(drafts);
    expect(await wipeAccountData(forget, storage)).toBe(true);
    off();
    expect(forget).toHaveBeenCalledOnce();
    expect(drafts).toHaveBeenCalledOnce();
    expect(storage.map.size).toBe(0);
    await wipeAccountData(async () => false, storage);
    expect(drafts).toHaveBeenCalledOnce();
  });

  it('keep history is off unless chosen, and the choice can be taken back', () => {
    const storage = makeStorage();
    expect(readKeepHistory(storage)).toBe(false);
    writeKeepHistory(true, storage);
    expect(readKeepHistory(storage)).toBe(true);
    writeKeepHistory(false, storage);
    expect(readKeepHistory(storage)).toBe(false);
  });

  it('a browser session is new once: the first start marks it, reloads and other tabs find the mark', () => {
    const jar = makeJar();
    expect(isNewBrowserSession(jar)).toBe(true);
    expect(isNewBrowserSession(jar)).toBe(false);
    expect(jar.cookie).toContain('liao_open=1');
  });

  it('[issue 15 #4] history lapses at the first start after the browser closed, unless it was to be kept', () => {
    expect(historyLapsed(makeJar(), makeStorage())).toBe(true);
    const keep = makeStorage({ 'liao.keepHistory': 'on' });
    expect(historyLapsed(makeJar(), keep)).toBe(false);
    // The same browser session (a reload): never, whatever the choice.
    const jar = makeJar();
    historyLapsed(jar, makeStorage());
    expect(historyLapsed(jar, makeStorage())).toBe(false);
  });
});
