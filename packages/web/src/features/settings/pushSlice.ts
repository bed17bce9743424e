import type { SliceCreator } from '../../app/state/types';
import { browserPush, type PushBrowser } from './webPush';

/**
 * Push on this device: 'on' when the server holds this browser's subscription; 'failed' when
 * the browser's push service could not be reached (notifications then come only while the app
 * is open); 'unsupported'/'insecure' when this browser or address cannot have it at all.
 */
export type PushState = 'off' | 'busy' | 'on' | 'failed' | 'unsupported' | 'insecure';

export interface PushSlice {
  // State
  pushState: PushState;
  // Actions
  /**
   * Makes the server hold this browser's subscription, with the device's preview setting:
   * after notifications were allowed, and at every start while they are on (the operator may
   * have rotated the server's key, or the browser renewed its subscription).
   */
  syncPush(): Promise<void>;
  /** Notifications turned off on this device: the server and the browser forget the subscription. */
  disablePush(): Promise<void>;
  /** The preview switch changed: the server writes notifications for this device accordingly. */
  applyPushPreview(): Promise<void>;
  /** Signed out: the browser forgets the subscription (the server dropped it with the session). */
  forgetPush(): Promise<void>;
}

export function pushSliceWith(browser: PushBrowser): SliceCreator<PushSlice> {
  return (set, get, sdk) => {
    // Only the newest call may write the state: turning off while turning on wins.
    let generation = 0;

    async function reconcile(mine: number): Promise<void> {
      const serverKey = await sdk.api.getPushKey();
      let subscription = await browser.current();
      if (subscription && subscription.serverKey !== null && subscription.serverKey !== serverKey) {
        // Made with a key the server no longer signs with: the push service would refuse it.
        await subscription.unsubscribe().catch(() => undefined);
        subscription = null;
      }
      subscription ??= await browser.subscribe(serverKey);
      if (mine !== generation) return;
      const hidePreview = !get().notificationPreview;
      const held = (await sdk.api.getPushSubscription()).subscription;
      if (held?.endpoint !== subscription.endpoint) {
        await sdk.api.setPushSubscription({
          endpoint: subscription.endpoint,
          keys: subscription.keys,
          hidePreview,
        });
      } else if (held.hidePreview !== hidePreview) {
        await sdk.api.updatePushSubscription({ hidePreview });
      }
    }

    return {
      pushState: 'off',

      async syncPush() {
        const support = browser.support();
        if (support !== 'supported') {
          set({ pushState: support });
          return;
        }
        const mine = ++generation;
        set({ pushState: 'busy' });
        try {
          await get().guard(reconcile(mine));
          if (mine === generation) set({ pushState: 'on' });
        } catch {
          if (mine === generation) set({ pushState: 'failed' });
        }
      },

      async disablePush() {
        const mine = ++generation;
        if (browser.support() !== 'supported') return;
        set({ pushState: 'busy' });
        // The browser's subscription goes even if the server cannot be told now: its next
        // push to the dead endpoint is answered 410, and the server drops it then.
        await sdk.api.deletePushSubscription().catch(() => undefined);
        const subscription = await browser.current().catch(() => null);
        await subscription?.unsubscribe().catch(() => undefined);
        if (mine === generation) set({ pushState: 'off' });
      },

      async applyPushPreview() {
        if (get().pushState !== 'on') return;
        await get().guard(sdk.api.updatePushSubscription({ hidePreview: !get().notificationPreview }));
      },

      async forgetPush() {
        generation++;
        set({ pushState: 'off' });
        if (browser.support() !== 'supported') return;
        const subscription = await browser.current().catch(() => null);
        await subscription?.unsubscribe().catch(() => undefined);
      },
    };
  };
}

export const createPushSlice = pushSliceWith(browserPush);
