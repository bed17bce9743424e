/** Whether a failed request may succeed later: the link or the server's load, not the request. */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'NETWORK' || code === 'RATE_LIMITED' || code === 'INTERNAL' || code === 'UNAVAILABLE')
    return true;
  return typeof code !== 'string';
}

/** Whether the server refused the sync cursor as one it never gave (see SYNC_CURSOR_UNKNOWN). */
export function isUnknownCursor(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SYNC_CURSOR_UNKNOWN';
}
