import { MediaStorageUnavailable } from '../http/outage';
import type { MediaStorage } from './storage';

export { MediaStorageUnavailable };

/**
 * The storage with every failure that `isUnavailable` recognises turned into
 * MediaStorageUnavailable, so that callers need not know each driver's errors.
 */
export function reportingUnavailable(
  storage: MediaStorage,
  isUnavailable: (error: unknown) => boolean,
): MediaStorage {
  const guard =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await run(...args);
      } catch (error) {
        if (!(error instanceof MediaStorageUnavailable) && isUnavailable(error))
          throw new MediaStorageUnavailable(error);
        throw error;
      }
    };
  return {
    put: guard(storage.put),
    putFile: guard(storage.putFile),
    open: guard(storage.open),
    stat: guard(storage.stat),
    getToFile: guard(storage.getToFile),
    remove: guard(storage.remove),
    removePrefix: guard(storage.removePrefix),
    ping: guard(storage.ping),
    close: storage.close,
  };
}
