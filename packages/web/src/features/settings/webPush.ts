/**
 * This browser's Web Push subscription (issue 18): what the push slice asks of the browser,
 * behind an interface so that the slice's rules are tested without one. The service worker
 * (public/sw.js) shows what arrives.
 */

/** Whether this browser can be notified while the app is closed, and if not, why. */
export type PushSupport = 'supported' | 'unsupported' | 'insecure';

export interface BrowserSubscription {
  /** What the server stores: `PushSubscription.toJSON()`. */
  endpoint: string;
  keys: { p256dh: string; auth: string };
  /** The server key it was made with (base64url), or null where the browser does not say. */
  serverKey: string | null;
  unsubscribe(): Promise<void>;
}

export interface PushBrowser {
  support(): PushSupport;
  /** The subscription this browser holds for the app's service worker, if any. */
  current(): Promise<BrowserSubscription | null>;
  subscribe(serverKey: string): Promise<BrowserSubscription>;
}

/** How long to wait for the service worker (registered at page load) before giving up. */
const WORKER_WAIT_MS = 10_000;

function workerRegistration(): Promise<ServiceWorkerRegistration> {
  return new Promise((resolve, reject) => {
    // `ready` never settles where no worker is registered (a development build).
    const timer = setTimeout(() => reject(new Error('no service worker')), WORKER_WAIT_MS);
    navigator.serviceWorker.ready.then(
      (registration) => {
        clearTimeout(timer);
        resolve(registration);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function base64url(buffer: ArrayBuffer | null): string | null {
  if (!buffer) return null;
  let binary = '';
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function wrap(subscription: PushSubscription): BrowserSubscription {
  const json = subscription.toJSON();
  return {
    endpoint: subscription.endpoint,
    keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' },
    serverKey: base64url(subscription.options.applicationServerKey),
    async unsubscribe() {
      await subscription.unsubscribe();
    },
  };
}

/** The real browser's. */
export const browserPush: PushBrowser = {
  support() {
    // Service workers (and so push) exist only in secure contexts: https, or localhost.
    if (!globalThis.isSecureContext) return 'insecure';
    if (!('serviceWorker' in navigator) || typeof PushManager === 'undefined') return 'unsupported';
    return 'supported';
  },
  async current() {
    const subscription = await (await workerRegistration()).pushManager.getSubscription();
    return subscription ? wrap(subscription) : null;
  },
  async subscribe(serverKey) {
    const registration = await workerRegistration();
    // userVisibleOnly: every push shows a notification, which is what browsers allow.
    return wrap(
      await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: serverKey }),
    );
  },
};
