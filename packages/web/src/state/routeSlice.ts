import { formatPath, parsePath, type Route } from './routes';
import type { SliceCreator } from './types';

export interface RouteSlice {
  // State
  route: Route;
  /** The URL is under /m: the phone layout at any width. */
  phoneForced: boolean;
  // Actions
  /** Goes to a page, adding it to the browser history (or replacing the current entry). */
  navigate(route: Route, options?: { replace?: boolean }): void;
  /** Reads the page from the address bar (start-up and the browser's back button). */
  syncRouteFromLocation(): void;
}

export const createRouteSlice: SliceCreator<RouteSlice> = (set, get) => {
  const initial = parsePath(globalThis.location?.pathname ?? '/');
  return {
    route: initial.route,
    phoneForced: initial.phoneForced,

    navigate(route, options = {}) {
      const path = formatPath(route, get().phoneForced);
      if (globalThis.location && globalThis.location.pathname !== path) {
        if (options.replace) history.replaceState(null, '', path);
        else history.pushState(null, '', path);
      }
      set({ route });
    },
    syncRouteFromLocation() {
      set(parsePath(globalThis.location.pathname));
    },
  };
};
