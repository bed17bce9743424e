import { IndexedDbStore, LiaoClient } from '@liao/client';

/**
 * The app's one SDK client. Same origin: the session is the HttpOnly cookie the server set at
 * sign-in, which this page never sees. One local database per origin: the SDK clears it when a
 * different account connects, so one person never sees another's chats.
 */
export const client = new LiaoClient({ baseUrl: '', store: new IndexedDbStore({ name: 'liao' }) });
