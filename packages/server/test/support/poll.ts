/**
 * Polls `check` until it returns true, as a person waits for what they would see; past the
 * deadline, fails naming `what` (and the last error `check` threw, and `details()`).
 */
export async function pollUntil(
  check: () => boolean | Promise<boolean>,
  what = 'the condition',
  timeoutMs = 10_000,
  details: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}\n${details()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
