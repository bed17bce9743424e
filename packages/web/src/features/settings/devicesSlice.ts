import type { Device } from '@liao/protocol';
import type { LoadStatus, SliceCreator } from '../../app/state/types';

export interface DevicesSlice {
  // State
  devices: Device[];
  devicesStatus: LoadStatus;
  // Actions
  loadDevices(): Promise<void>;
  /** A `devices.changed` event: a list already shown (or loading) is read again. */
  applyDevicesChanged(): void;
  signOutDevice(sessionId: string): Promise<void>;
  /** Resolves to how many devices were signed out. */
  signOutOtherDevices(): Promise<number>;
  resetDevices(): void;
}

export const createDevicesSlice: SliceCreator<DevicesSlice> = (set, get, sdk) => {
  // Only the newest load may write: an older reply must not overwrite a newer list.
  let generation = 0;

  return {
    devices: [],
    devicesStatus: 'idle',

    async loadDevices() {
      const mine = ++generation;
      if (get().devicesStatus !== 'ready') set({ devicesStatus: 'loading' });
      try {
        const devices = await get().guard(sdk.api.listDevices());
        if (mine === generation) set({ devices, devicesStatus: 'ready' });
      } catch {
        if (mine === generation) set({ devicesStatus: get().devicesStatus === 'ready' ? 'ready' : 'error' });
      }
    },

    applyDevicesChanged() {
      if (get().status !== 'signedIn') return;
      if (get().devicesStatus !== 'idle') void get().loadDevices();
    },

    async signOutDevice(sessionId) {
      await get().guard(sdk.api.signOutDevice(sessionId));
      set((s) => ({ devices: s.devices.filter((d) => d.id !== sessionId) }));
    },

    async signOutOtherDevices() {
      const count = await get().guard(sdk.api.signOutOtherDevices());
      set((s) => ({ devices: s.devices.filter((d) => d.current) }));
      return count;
    },

    resetDevices() {
      generation++;
      set({ devices: [], devicesStatus: 'idle' });
    },
  };
};
