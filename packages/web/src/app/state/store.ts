import { useStore } from 'zustand';
import { createAppStore } from './createAppStore';
import { client } from './sdk';
import { bindClient } from './sdkEvents';
import type { AppState } from './types';

export type { AppState } from './types';

/** The app's one store, fed by the app's one SDK client. */
export const appStore = createAppStore(client);
bindClient(appStore, client);

/** Select one field per call: `const me = useAppStore((s) => s.me)`. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}
