import { LiaoClient } from '@liao/client';

/**
 * The app's one SDK client. Same origin: the session is the HttpOnly cookie the server set at
 * sign-in, which this page never sees.
 */
export const client = new LiaoClient({ baseUrl: '' });
