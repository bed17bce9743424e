// Liao's service worker: keeps the app shell (index.html and the built files it names) so the
// app opens without a network and can be installed. Only the shell: the API (/api), the live
// connection (/ws) and media (/media) always go to the network; the SDK keeps the chats in
// IndexedDB itself. Registered by src/app/registerServiceWorker.ts in production builds only.
//
// It also shows the Web Push notifications the server sends while the app is closed (issue 18;
// the payloads are PushNotification in packages/protocol/src/push.ts) and opens the app at the
// chat when one is clicked. It has no translations of its own: the app hands it its strings,
// in the person's language, with the prefs (src/app/serviceWorkerBridge.ts).

const CACHE = 'liao-shell-v1';
/** What the app told this worker (strings, phone layout); a cache of its own outlives updates. */
const PREFS_CACHE = 'liao-sw-prefs';
const PREFS_KEY = '/sw-prefs.json';
const ICON = '/icons/icon-192.png';
const SHELL = '/';
const NEVER = ['/api/', '/ws', '/media/'];

/** The built files index.html loads (hashed names: a file's content never changes). */
function assetsOf(html) {
  return [
    ...html.matchAll(
      /(?:src|href)="(\/assets\/[^"]+|\/icons\/[^"]+|\/favicon\.svg|\/manifest\.webmanifest)"/g,
    ),
  ].map((m) => m[1]);
}

/**
 * Keeps this index.html and the files it names. When a new build replaced the old one, the
 * old build's files (its lazy chunks too) go: they are never asked for again.
 */
async function keepShell(response) {
  const html = await response.clone().text();
  const cache = await caches.open(CACHE);
  const wanted = assetsOf(html);
  const before = await cache.match(SHELL);
  const previous = before ? assetsOf(await before.text()) : [];
  await Promise.all(
    wanted.map(async (url) => {
      if (!(await cache.match(url))) await cache.add(url);
    }),
  );
  await cache.put(SHELL, response);
  if (previous.join() !== wanted.join()) {
    const keep = new Set(wanted);
    for (const request of await cache.keys()) {
      const path = new URL(request.url).pathname;
      if (path.startsWith('/assets/') && !keep.has(path)) await cache.delete(request);
    }
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    fetch(SHELL, { cache: 'no-cache' })
      .then((response) => (response.ok ? keepShell(response) : undefined))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k !== CACHE && k !== PREFS_CACHE).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (NEVER.some((prefix) => url.pathname.startsWith(prefix))) return;

  // Pages: the network first (a new build shows at once), the kept shell when offline.
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) event.waitUntil(keepShell(response.clone()).catch(() => {}));
          return response;
        })
        .catch(async () => (await caches.match(SHELL)) ?? Response.error()),
    );
    return;
  }

  // Built files have hashed names: once kept, always right. Others load lazily (chunks).
  if (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/icons/')) {
    event.respondWith(
      caches.match(request).then(
        (kept) =>
          kept ??
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
            }
            return response;
          }),
      ),
    );
  }
});

// ---------------------------------------------------------------------------------------------
// Notifications pushed while the app is closed

/** Used until the app has handed over its own strings (it does at every start). */
const FALLBACK_TEXT = {
  appName: 'Liao',
  hidden: 'You have a new message',
  hiddenMany: 'You have {n} new messages',
  many: '[{n}]',
  image: '[Image]',
  video: '[Video]',
  voiceCall: '[Voice call]',
  videoCall: '[Video call]',
  incomingVoice: 'Invites you to a voice call',
  incomingVideo: 'Invites you to a video call',
  incomingHidden: 'You have an incoming call',
  friendRequest: 'New friend request',
  friendRequestHidden: 'You have a new friend request',
  noGreeting: 'wants to add you as a friend',
};

async function readPrefs() {
  try {
    const kept = await (await caches.open(PREFS_CACHE)).match(PREFS_KEY);
    const prefs = kept ? await kept.json() : {};
    return { phone: prefs.phone === true, text: { ...FALLBACK_TEXT, ...prefs.text } };
  } catch {
    return { phone: false, text: FALLBACK_TEXT };
  }
}

async function writePrefs(prefs) {
  const cache = await caches.open(PREFS_CACHE);
  await cache.put(
    PREFS_KEY,
    new Response(JSON.stringify(prefs), { headers: { 'content-type': 'application/json' } }),
  );
}

function fill(template, n) {
  return template.replace('{n}', String(n));
}

/** A pushed payload, or null for anything this worker does not know how to show. */
function parsePush(data) {
  try {
    const payload = data ? data.json() : null;
    if (!payload || typeof payload.tag !== 'string') return null;
    if (['message', 'friendRequest', 'call', 'clear'].includes(payload.type)) return payload;
  } catch {
    // Not JSON: not ours.
  }
  return null;
}

/** The notification a message or friend request shows: title and options, in the app's words. */
function notificationOf(payload, text) {
  const common = { tag: payload.tag, renotify: true, icon: ICON, badge: ICON, timestamp: Date.now() };
  if (payload.type === 'call') {
    // Someone is calling: it stays until the ring stops (a clear with its tag closes it).
    const hidden = payload.fromName === null;
    const invites = payload.media === 'video' ? text.incomingVideo : text.incomingVoice;
    return {
      title: hidden ? text.appName : payload.fromName,
      options: {
        ...common,
        body: hidden ? text.incomingHidden : invites,
        requireInteraction: true,
        data: { url: payload.url, callId: payload.callId },
      },
    };
  }
  if (payload.type === 'friendRequest') {
    const hidden = payload.fromName === null;
    return {
      title: hidden ? text.appName : payload.fromName,
      options: {
        ...common,
        body: hidden ? text.friendRequestHidden : payload.greeting || text.noGreeting,
        data: { url: payload.url },
      },
    };
  }
  const count = payload.count;
  const data = { url: payload.url, count, conversationId: payload.conversationId };
  // Hidden: no sender, chat name or text, as WeChat's "你收到了一条新消息".
  if (payload.title === null && payload.preview === null) {
    return {
      title: text.appName,
      options: { ...common, body: count > 1 ? fill(text.hiddenMany, count) : text.hidden, data },
    };
  }
  const preview = payload.preview;
  const said = preview === null ? '' : previewText(preview, text);
  const who = payload.conversationKind === 'group' && payload.senderName ? `${payload.senderName}: ` : '';
  const prefix = count > 1 ? `${fill(text.many, count)} ` : '';
  return {
    title: payload.title ?? text.appName,
    options: { ...common, body: `${prefix}${who}${said}`, data },
  };
}

/** A message's preview in words: its text, or its kind ("[图片]", "[视频通话]"). */
function previewText(preview, text) {
  switch (preview.kind) {
    case 'text':
      return preview.text;
    case 'image':
      return text.image;
    case 'video':
      return text.video;
    case 'call':
      return preview.media === 'video' ? text.videoCall : text.voiceCall;
    default:
      return '';
  }
}

function setBadge(count) {
  const nav = self.navigator;
  // The Badging API is only where the app is installed (and not in every browser).
  if (count > 0) return nav.setAppBadge?.(count).catch(() => {});
  return nav.clearAppBadge?.().catch(() => {});
}

/** Whether a window of the app has the person's attention: it tells them itself. */
async function appInFront() {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  return windows.some((client) => client.focused && client.visibilityState === 'visible');
}

async function showPush(payload) {
  if (!payload) return;
  const shown = await self.registration.getNotifications({ tag: payload.tag });
  if (payload.type === 'clear') {
    // Read on another device: the notification goes, the badge follows.
    for (const notification of shown) notification.close();
    await setBadge(payload.unreadTotal);
    return;
  }
  if (payload.type === 'message') {
    await setBadge(payload.unreadTotal);
    // Pushes may arrive out of order: an older one (a lower count) never replaces a newer one.
    const showing = Math.max(0, ...shown.map((n) => n.data?.count ?? 0));
    if (showing > payload.count) return;
  }
  if (await appInFront()) return;
  const { title, options } = notificationOf(payload, (await readPrefs()).text);
  await self.registration.showNotification(title, options);
}

/** The app's path for a URL the server named, under /m where this device uses the phone layout. */
function appPath(url, phone) {
  const path = typeof url === 'string' && url.startsWith('/') && !url.startsWith('//') ? url : '/';
  if (!phone || path === '/m' || path.startsWith('/m/')) return path;
  return path === '/' ? '/m' : `/m${path}`;
}

/** Brings a window of the app forward at that page, or opens one. */
async function openApp(url) {
  const { phone } = await readPrefs();
  const path = appPath(url, phone);
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const client = windows.find((c) => new URL(c.url).origin === self.location.origin);
  if (client) {
    // The app moves to the chat itself: navigating the window would load the whole app again.
    client.postMessage({ type: 'liao:open', url: path });
    await client.focus().catch(() => {});
    return;
  }
  await self.clients.openWindow(path);
}

self.addEventListener('push', (event) => {
  event.waitUntil(showPush(parsePush(event.data)));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(openApp(event.notification.data?.url));
});

self.addEventListener('message', (event) => {
  const message = event.data;
  if (message?.type === 'liao:prefs') {
    event.waitUntil(writePrefs({ phone: message.phone === true, text: message.text ?? {} }));
  } else if (message?.type === 'liao:signedOut') {
    // Nothing of the account stays on a shared computer: its notifications and badge go.
    event.waitUntil(
      self.registration
        .getNotifications()
        .then((all) => {
          for (const notification of all) notification.close();
        })
        .then(() => setBadge(0)),
    );
  }
});
