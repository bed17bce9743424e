import type { TimelineItem } from '@liao/client';
import { MAX_PAGE_SIZE } from '@liao/protocol';
import type { Sdk } from '../../app/state/types';

/**
 * Rounds of "read what is stored, fetch what is missing" one load may take: each fetch brings at
 * most a server page (100), so this covers the largest window the app asks for at once (the
 * unread ones at open, 300) with room for a hole or two on the way.
 */
const MAX_ROUNDS = 8;

/** The seqs of the stored messages among timeline items, oldest first. */
function seqsOf(items: readonly TimelineItem[]): number[] {
  return items.flatMap((i) => (i.kind === 'message' ? [i.message.seq] : []));
}

/**
 * How many messages, counting down from the newest, follow each other without a gap (and,
 * with `before`, end right below it), and the oldest seq of that run. Seqs have no gaps in a
 * conversation, so a gap is a hole this device has not fetched yet.
 */
export function newestRun(seqs: readonly number[], before?: number): { length: number; oldest?: number } {
  let expected = before === undefined ? undefined : before - 1;
  let length = 0;
  let oldest: number | undefined;
  for (let i = seqs.length - 1; i >= 0; i--) {
    const seq = seqs[i] as number;
    if (expected !== undefined && seq !== expected) break;
    length++;
    oldest = seq;
    expected = seq - 1;
  }
  return oldest === undefined ? { length } : { length, oldest };
}

export interface LoadedRun {
  /** The oldest seq of the gap-free run now stored (undefined: no message at all). */
  oldest?: number;
  /** Nothing older is left to show, on this device or on the server. */
  exhausted: boolean;
}

/**
 * Makes sure `want` messages right below `before` (or the newest `want`) are stored without a
 * gap, fetching older pages through the SDK where the local store falls short. Rejects when a
 * fetch fails (offline): what was stored so far stays stored.
 */
export async function loadRunBelow(
  sdk: Pick<Sdk, 'getTimeline' | 'loadOlder' | 'hasOlder'>,
  conversationId: string,
  before: number | undefined,
  want: number,
): Promise<LoadedRun> {
  let run: { length: number; oldest?: number } = { length: 0 };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const query = before === undefined ? { limit: want } : { before, limit: want };
    run = newestRun(seqsOf(await sdk.getTimeline(conversationId, query)), before);
    if (sdk.hasOlder(conversationId)) {
      if (run.length >= want) return { ...pick(run), exhausted: false };
    } else {
      // Everything the reader may see is stored: the end is reached when nothing is below.
      const below =
        run.oldest === undefined
          ? []
          : await sdk.getTimeline(conversationId, { before: run.oldest, limit: 1 });
      return { ...pick(run), exhausted: seqsOf(below).length === 0 };
    }
    const came = await sdk.loadOlder(conversationId, Math.min(want - run.length, MAX_PAGE_SIZE));
    if (came === 0 && sdk.hasOlder(conversationId)) break;
  }
  return { ...pick(run), exhausted: false };
}

function pick(run: { oldest?: number }): { oldest?: number } {
  return run.oldest === undefined ? {} : { oldest: run.oldest };
}
