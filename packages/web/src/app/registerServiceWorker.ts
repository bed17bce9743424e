/**
 * Registers the service worker (public/sw.js) that keeps the app shell for offline starts and
 * installation. Production builds only: in development it would serve stale modules to vite.
 * Loaded by index.html as its own module, so main.tsx stays about the app.
 */
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // Without it the app still works online; nothing to tell the person.
    });
  });
}

export {};
