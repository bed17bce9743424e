/*
 * What this browser keeps of the signed-in account, and how it lets go of it (issue 15, item 4).
 *
 * Signing out — here, or by the server (another device, expiry, a disabled account, any 401) —
 * wipes all of it: the SDK's store (chats, messages, the outbox of unsent ones, the sync
 * cursor), drafts held in memory, and every `liao.` key in localStorage that is not one of
 * this browser's own habits (DEVICE_KEYS). On a computer others use, nothing of the chats
 * stays behind.
 *
 * "Keep history on this computer", asked at sign-in and off by default, decides only whether
 * the SDK's store outlives the browser while the person stays signed in. Off, the store is
 * emptied at the first start after the browser was closed (a cookie without an expiry marks
 * a browser session that has started the app; browsers drop it when they close, unless they
 * restore the whole session), and the chats come back from the server. On, it stays for a
 * fast start. Either way, signing out wipes it.
 */

type KeyStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key'> & { readonly length: number };

/** This browser's habits rather than an account's: they stay at sign-out. */
const DEVICE_KEYS: ReadonlySet<string> = new Set([
  'liao.locale',
  'liao.theme',
  'liao.sendKey',
  'liao.notifications',
  'liao.notificationPreview',
  'liao.videoHoverAutoplay',
  'liao.listWidth',
  'liao.emoji.recent',
  'liao.callFilters',
  'liao.callDevices',
]);
const ACCOUNT_KEY_PREFIX = 'liao.';
const KEEP_HISTORY_KEY = 'liao.keepHistory';
/** Set by the app, read by the app, sent to the server unread: it only marks a browser session. */
const BROWSER_SESSION_COOKIE = 'liao_open';

function browserStorage(): KeyStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Storage refused (privacy settings): there is nothing kept to wipe either.
    return null;
  }
}

/** Memory that holds the account's data (drafts) and must go with it. */
const wipers = new Set<() => void>();

/** Registers memory to drop at sign-out; returns the unregister. */
export function onAccountWipe(wipe: () => void): () => void {
  wipers.add(wipe);
  return () => wipers.delete(wipe);
}

/** Removes every key of the account from localStorage, leaving the browser's habits. */
export function sweepAccountKeys(storage: KeyStorage | null = browserStorage()): void {
  if (!storage) return;
  const doomed: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(ACCOUNT_KEY_PREFIX) && !DEVICE_KEYS.has(key)) doomed.push(key);
  }
  for (const key of doomed) storage.removeItem(key);
}

/**
 * Wipes everything of the account in this browser. Resolves whether the SDK's store held an
 * account's data (so the person can be told it was cleared).
 */
export async function wipeAccountData(
  forgetLocalData: () => Promise<boolean>,
  storage: KeyStorage | null = browserStorage(),
): Promise<boolean> {
  for (const wipe of wipers) wipe();
  sweepAccountKeys(storage);
  return forgetLocalData();
}

/** Whether the person chose to keep the history here (at their last sign-in). */
export function readKeepHistory(storage: KeyStorage | null = browserStorage()): boolean {
  return storage?.getItem(KEEP_HISTORY_KEY) === 'on';
}

/** Saves the choice made at sign-in; it goes with the account's keys at sign-out. */
export function writeKeepHistory(on: boolean, storage: KeyStorage | null = browserStorage()): void {
  try {
    if (on) storage?.setItem(KEEP_HISTORY_KEY, 'on');
    else storage?.removeItem(KEEP_HISTORY_KEY);
  } catch {
    // Not saved: history is then not kept, the safe side.
  }
}

/** The page's cookies (document in the browser; a stand-in in tests). */
export interface CookieJar {
  cookie: string;
}

/**
 * True at the first start of the app since the browser was opened, and only then: every later
 * call (a reload, another tab, a second boot after signing in) finds the mark it left.
 */
export function isNewBrowserSession(jar: CookieJar | undefined = globalThis.document): boolean {
  if (!jar) return false;
  const marked = jar.cookie.split(';').some((c) => c.trim().startsWith(`${BROWSER_SESSION_COOKIE}=`));
  if (!marked) jar.cookie = `${BROWSER_SESSION_COOKIE}=1; path=/; SameSite=Strict`;
  return !marked;
}

/**
 * Whether the store must be emptied before anything reads it: the browser was closed since the
 * app last ran here, and the person did not ask to keep the history.
 */
export function historyLapsed(
  jar: CookieJar | undefined = globalThis.document,
  storage: KeyStorage | null = browserStorage(),
): boolean {
  return isNewBrowserSession(jar) && !readKeepHistory(storage);
}
