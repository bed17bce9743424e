// Liao's service worker: keeps the app shell (index.html and the built files it names) so the
// app opens without a network and can be installed. Only the shell: the API (/api), the live
// connection (/ws) and media (/media) always go to the network; the SDK keeps the chats in
// IndexedDB itself. Registered by src/app/registerServiceWorker.ts in production builds only.

const CACHE = 'liao-shell-v1';
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
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
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
