import { IndexedDbStore, LiaoClient } from '@liao/client';

/**
 * The app's one SDK client. Same origin: the session is the HttpOnly cookie the server set at
 * sign-in, which this page never sees. One local database per origin: the SDK clears it when a
 * different account connects, so one person never sees another's chats.
 */
export const client = new LiaoClient({ baseUrl: '', store: new IndexedDbStore({ name: 'liao' }) });

// The client benchmark (bench/src/scenarios/clientApp.ts) builds the app with `--mode bench` and
// fills the local cache through this handle before it measures. Vite replaces MODE when it
// builds, so other builds leave this out entirely.
if (import.meta.env.MODE === 'bench') {
  (globalThis as { __liaoClient?: LiaoClient }).__liaoClient = client;
}
