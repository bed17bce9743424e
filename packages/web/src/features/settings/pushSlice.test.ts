import { beforeEach, describe, expect, it } from 'vitest';
import { createAppStore } from '../../app/state/createAppStore';
import { makeMe } from '../../app/state/testBuilders';
import type { Sdk } from '../../app/state/types';
import { pushSliceWith } from './pushSlice';
import type { BrowserSubscription, PushBrowser, PushSupport } from './webPush';

const KEY = `B${'k'.repeat(86)}`;
const OLD_KEY = `B${'o'.repeat(86)}`;
const KEYS = { p256dh: `B${'p'.repeat(86)}`, auth: 'a'.repeat(22) };

/** A browser whose push service answers as the test says; it records what was asked of it. */
class FakeBrowser implements PushBrowser {
  supportIs: PushSupport = 'supported';
  held: BrowserSubscription | null = null;
  subscribeFails = false;
  subscribed: string[] = [];
  unsubscribed: string[] = [];
  private next = 0;

  support() {
    return this.supportIs;
  }
  async current() {
    return this.held;
  }
  async subscribe(serverKey: string) {
    if (this.subscribeFails) throw new DOMException('push service error', 'AbortError');
    this.subscribed.push(serverKey);
    this.held = this.make(`https://push.example/${++this.next}`, serverKey);
    return this.held;
  }
  make(endpoint: string, serverKey: string | null): BrowserSubscription {
    return {
      endpoint,
      keys: KEYS,
      serverKey,
      unsubscribe: async () => {
        this.unsubscribed.push(endpoint);
        if (this.held?.endpoint === endpoint) this.held = null;
      },
    };
  }
}

type Held = { endpoint: string; hidePreview: boolean; createdAt: number } | null;

/** The server's side: what it holds for this device, and every write. */
function makeSdk() {
  const state = { held: null as Held, calls: [] as string[], deleteFails: false };
  const sdk = {
    api: {
      async getPushKey() {
        return KEY;
      },
      async getPushSubscription() {
        return { subscription: state.held };
      },
      async setPushSubscription(body: { endpoint: string; hidePreview?: boolean }) {
        state.calls.push(`PUT ${body.endpoint} hide=${body.hidePreview}`);
        state.held = { endpoint: body.endpoint, hidePreview: body.hidePreview ?? true, createdAt: 1 };
        return { subscription: state.held };
      },
      async updatePushSubscription(body: { hidePreview: boolean }) {
        state.calls.push(`PATCH hide=${body.hidePreview}`);
        if (state.held) state.held = { ...state.held, hidePreview: body.hidePreview };
        return { subscription: state.held };
      },
      async deletePushSubscription() {
        state.calls.push('DELETE');
        if (state.deleteFails) throw new TypeError('Failed to fetch');
        state.held = null;
      },
    },
  } as unknown as Sdk;
  return { sdk, server: state };
}

function setup() {
  const browser = new FakeBrowser();
  const { sdk, server } = makeSdk();
  const store = createAppStore(sdk);
  store.setState(pushSliceWith(browser)(store.setState, store.getState, sdk));
  store.setState({ status: 'signedIn', me: makeMe(), notificationPreview: false });
  return { store, browser, server };
}

describe('push on this device', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('subscribes with the server key and hands the server the subscription, the preview hidden by default', async () => {
    await t.store.getState().syncPush();
    expect(t.browser.subscribed).toEqual([KEY]);
    expect(t.server.calls).toEqual(['PUT https://push.example/1 hide=true']);
    expect(t.store.getState().pushState).toBe('on');
  });

  it('writes nothing at a start where the server already holds this subscription as it should be', async () => {
    await t.store.getState().syncPush();
    await t.store.getState().syncPush();
    expect(t.browser.subscribed).toEqual([KEY]);
    expect(t.server.calls).toHaveLength(1);
  });

  it('subscribes again when the browser holds one made with a rotated key', async () => {
    t.browser.held = t.browser.make('https://push.example/old', OLD_KEY);
    await t.store.getState().syncPush();
    expect(t.browser.unsubscribed).toEqual(['https://push.example/old']);
    expect(t.server.calls).toEqual(['PUT https://push.example/1 hide=true']);
  });

  it('keeps a browser subscription of the current key and gives it to a server that lost it', async () => {
    t.browser.held = t.browser.make('https://push.example/kept', KEY);
    await t.store.getState().syncPush();
    expect(t.browser.subscribed).toEqual([]);
    expect(t.server.calls).toEqual(['PUT https://push.example/kept hide=true']);
  });

  it('brings the server to the device preview setting', async () => {
    await t.store.getState().syncPush();
    t.store.setState({ notificationPreview: true });
    await t.store.getState().syncPush();
    expect(t.server.calls.at(-1)).toBe('PATCH hide=false');
  });

  it('says it failed, and tells the server nothing, when the push service cannot be reached', async () => {
    t.browser.subscribeFails = true;
    await t.store.getState().syncPush();
    expect(t.store.getState().pushState).toBe('failed');
    expect(t.server.calls).toEqual([]);
  });

  it('says why where this browser or address cannot have push, asking nothing', async () => {
    t.browser.supportIs = 'insecure';
    await t.store.getState().syncPush();
    expect(t.store.getState().pushState).toBe('insecure');
    t.browser.supportIs = 'unsupported';
    await t.store.getState().syncPush();
    expect(t.store.getState().pushState).toBe('unsupported');
    expect(t.server.calls).toEqual([]);
    expect(t.browser.subscribed).toEqual([]);
  });

  it('turning off forgets the subscription on both sides, the browser even when the server cannot be told', async () => {
    await t.store.getState().syncPush();
    t.server.deleteFails = true;
    await t.store.getState().disablePush();
    expect(t.server.calls.at(-1)).toBe('DELETE');
    expect(t.browser.unsubscribed).toEqual(['https://push.example/1']);
    expect(t.store.getState().pushState).toBe('off');
  });

  it('turning off while turning on ends off', async () => {
    const syncing = t.store.getState().syncPush();
    await t.store.getState().disablePush();
    await syncing;
    expect(t.store.getState().pushState).toBe('off');
  });

  it('changes the preview on the server only while push is on', async () => {
    await t.store.getState().applyPushPreview();
    expect(t.server.calls).toEqual([]);
    await t.store.getState().syncPush();
    t.store.setState({ notificationPreview: true });
    await t.store.getState().applyPushPreview();
    expect(t.server.calls.at(-1)).toBe('PATCH hide=false');
  });

  it('signing out drops the browser subscription', async () => {
    await t.store.getState().syncPush();
    await t.store.getState().forgetPush();
    expect(t.browser.unsubscribed).toEqual(['https://push.example/1']);
    expect(t.store.getState().pushState).toBe('off');
  });
});
