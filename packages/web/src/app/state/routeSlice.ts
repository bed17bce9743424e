import { formatPath, isPublicRoute, parsePath, type Route } from './routes';
import type { SliceCreator } from './types';

export interface RouteSlice {
  // State
  route: Route;
  /** The URL is under /m: the phone layout at any width. */
  phoneForced: boolean;
  /** The page a signed-out visitor asked for, shown once they sign in (a chat link, a scanned QR code). */
  afterSignIn: Route | null;
  // Actions
  /** Goes to a page, adding it to the browser history (or replacing the current entry). */
  navigate(route: Route, options?: { replace?: boolean }): void;
  /** Reads the page from the address bar (start-up and the browser's back button). */
  syncRouteFromLocation(): void;
  /** Sends a signed-out visitor to sign in, remembering the page they asked for. */
  requireSignIn(): void;
  /** After signing in: the page asked for before, else Messages. */
  leaveSignIn(): void;
}

export const createRouteSlice: SliceCreator<RouteSlice> = (set, get) => {
  const initial = parsePath(globalThis.location?.pathname ?? '/');
  return {
    route: initial.route,
    phoneForced: initial.phoneForced,
    afterSignIn: null,

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
    requireSignIn() {
      const { route } = get();
      if (isPublicRoute(route)) return;
      set({ afterSignIn: route });
      get().navigate({ name: 'signIn' }, { replace: true });
    },
    leaveSignIn() {
      const next = get().afterSignIn ?? { name: 'messages' };
      set({ afterSignIn: null });
      get().navigate(next, { replace: true });
    },
  };
};
