import { QrCode } from '@liao/protocol';

/**
 * Every page of the app as data, and its URL. The layouts decide how a route is shown (a pane
 * beside the list on the desktop, a full screen on the phone); the route itself is the same.
 */
export type FriendsPane =
  | { kind: 'none' }
  | { kind: 'new' }
  | { kind: 'add' }
  /** The group chats I am in. */
  | { kind: 'groups' }
  | { kind: 'contact'; userId: string };

export const SETTINGS_SECTIONS = ['profile', 'devices', 'blocked', 'password', 'general'] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

/** The videos page: friends' videos (the feed) or mine. */
export const VIDEO_TABS = ['feed', 'mine'] as const;
export type VideoTab = (typeof VIDEO_TABS)[number];

export type Route =
  | { name: 'signIn' }
  | { name: 'signUp' }
  | { name: 'messages'; conversationId?: string }
  | { name: 'friends'; pane: FriendsPane }
  | { name: 'settings'; section: SettingsSection | null }
  | { name: 'videos'; tab: VideoTab }
  /** The phone's camera, reading a desktop's sign-in code. */
  | { name: 'qrScan' }
  /** What a scanned sign-in code asks for, to confirm or cancel (also what a system camera opens). */
  | { name: 'qrConfirm'; code: string };

/** The phone layout's prefix: /m/friends shows the phone layout at any width. */
export const PHONE_PREFIX = '/m';

export interface Location {
  route: Route;
  /** The URL starts with /m: phone layout whatever the width. */
  phoneForced: boolean;
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Pages only the phone companion has: their URLs are under /m whatever the width. */
function isPhoneOnly(route: Route): boolean {
  return route.name === 'qrScan' || route.name === 'qrConfirm';
}

export function parsePath(pathname: string): Location {
  let path = pathname.replace(/\/+$/, '') || '/';
  const phoneForced = path === PHONE_PREFIX || path.startsWith(`${PHONE_PREFIX}/`);
  if (phoneForced) path = path.slice(PHONE_PREFIX.length) || '/';
  const [first = '', second, ...rest] = path.split('/').filter(Boolean);
  const route = parseParts(first, second, rest.length > 0);
  return { route, phoneForced: phoneForced || isPhoneOnly(route) };
}

function parseParts(first: string, second: string | undefined, extra: boolean): Route {
  if (extra) return { name: 'messages' };
  switch (first) {
    case 'signin':
      return { name: 'signIn' };
    case 'signup':
      return { name: 'signUp' };
    case 'friends':
      if (second === undefined) return { name: 'friends', pane: { kind: 'none' } };
      if (second === 'new') return { name: 'friends', pane: { kind: 'new' } };
      if (second === 'add') return { name: 'friends', pane: { kind: 'add' } };
      if (second === 'groups') return { name: 'friends', pane: { kind: 'groups' } };
      if (ID.test(second)) return { name: 'friends', pane: { kind: 'contact', userId: second } };
      return { name: 'friends', pane: { kind: 'none' } };
    case 'chat':
      if (second && ID.test(second)) return { name: 'messages', conversationId: second };
      return { name: 'messages' };
    case 'settings': {
      const section = SETTINGS_SECTIONS.find((s) => s === second);
      return { name: 'settings', section: section ?? null };
    }
    case 'videos':
      return { name: 'videos', tab: second === 'mine' ? 'mine' : 'feed' };
    case 'scan':
      return second === undefined ? { name: 'qrScan' } : { name: 'messages' };
    case 'qr':
      if (second && QrCode.safeParse(second).success) return { name: 'qrConfirm', code: second };
      return { name: 'qrScan' };
    default:
      return { name: 'messages' };
  }
}

export function formatPath(route: Route, phoneForced: boolean): string {
  const path = routePath(route);
  if (!phoneForced && !isPhoneOnly(route)) return path;
  return path === '/' ? PHONE_PREFIX : `${PHONE_PREFIX}${path}`;
}

function routePath(route: Route): string {
  switch (route.name) {
    case 'signIn':
      return '/signin';
    case 'signUp':
      return '/signup';
    case 'messages':
      return route.conversationId ? `/chat/${route.conversationId}` : '/';
    case 'friends':
      switch (route.pane.kind) {
        case 'none':
          return '/friends';
        case 'new':
          return '/friends/new';
        case 'add':
          return '/friends/add';
        case 'groups':
          return '/friends/groups';
        case 'contact':
          return `/friends/${route.pane.userId}`;
      }
      break;
    case 'settings':
      return route.section ? `/settings/${route.section}` : '/settings';
    case 'videos':
      return route.tab === 'mine' ? '/videos/mine' : '/videos';
    case 'qrScan':
      return '/scan';
    case 'qrConfirm':
      return `/qr/${route.code}`;
  }
  return '/';
}

/** Pages a signed-out visitor may see. */
export function isPublicRoute(route: Route): boolean {
  return route.name === 'signIn' || route.name === 'signUp';
}
