/**
 * Where unfinished video uploads can be taken up again: the upload URL the server gave, by the
 * file's fingerprint, kept in localStorage so a reload (or a closed tab) does not start over.
 */
export interface ResumeEntry {
  uploadUrl: string;
  /** When it was begun, to forget it once the server surely has (uploads expire there). */
  savedAt: number;
}

export type ResumeBook = Record<string, ResumeEntry>;

const KEY = 'liao.videoUploads';
/** The server drops unfinished uploads well before this; older entries only take room. */
const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** Nobody leaves more unfinished uploads than this; the oldest go first. */
const MAX_ENTRIES = 20;

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Storage can be refused (privacy settings): uploads then just start over after a reload.
    return null;
  }
}

export function readResumeBook(store: Storage | null = storage(), now = Date.now()): ResumeBook {
  const raw = store?.getItem(KEY);
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object') return {};
    const book: ResumeBook = {};
    for (const [fingerprint, value] of Object.entries(parsed as Record<string, unknown>)) {
      const entry = value as Partial<ResumeEntry> | null;
      if (typeof entry?.uploadUrl !== 'string' || typeof entry.savedAt !== 'number') continue;
      if (now - entry.savedAt > MAX_AGE_MS) continue;
      book[fingerprint] = { uploadUrl: entry.uploadUrl, savedAt: entry.savedAt };
    }
    return book;
  } catch {
    return {};
  }
}

function writeResumeBook(book: ResumeBook, store: Storage | null): void {
  const newest = Object.entries(book)
    .sort(([, a], [, b]) => b.savedAt - a.savedAt)
    .slice(0, MAX_ENTRIES);
  try {
    store?.setItem(KEY, JSON.stringify(Object.fromEntries(newest)));
  } catch {
    // A full storage only costs resuming.
  }
}

/** The upload URL to continue this file's upload with, if one was begun. */
export function findResumeUrl(fingerprint: string, store: Storage | null = storage()): string | undefined {
  return readResumeBook(store)[fingerprint]?.uploadUrl;
}

export function rememberUpload(
  fingerprint: string,
  uploadUrl: string,
  store: Storage | null = storage(),
  now = Date.now(),
): void {
  writeResumeBook({ ...readResumeBook(store, now), [fingerprint]: { uploadUrl, savedAt: now } }, store);
}

/** Forgets an upload that finished, was cancelled or that the server no longer knows. */
export function forgetUpload(fingerprint: string, store: Storage | null = storage()): void {
  const book = readResumeBook(store);
  if (!(fingerprint in book)) return;
  delete book[fingerprint];
  writeResumeBook(book, store);
}
