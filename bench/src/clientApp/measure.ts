import { type Browser, chromium, type Page } from 'playwright-core';
import { percentiles } from '../stats';
import type { ClientAppSeed } from './seed';

export interface ClientAppResult {
  conversations: number;
  cachedMessages: number;
  cacheFillSeconds: number;
  /** Messages of the long chat in the cache, counted there before measuring. */
  longChatMessages: number;
  /** From navigation start to the first frame with conversation rows drawn, per reload. */
  listFirstPaintMs: { p50: number; max: number; samples: number[] };
  /** From the click on a chat to the frame that shows its newest messages. */
  chatOpenMs: { p50: number; max: number; samples: number[] };
  scroll: {
    seconds: number;
    /** How far back the reader got: rows scrolled past, in messages loaded into the view. */
    pixels: number;
    frames: number;
    droppedFrames: number;
    longTasks: number;
    longestTaskMs: number;
  };
}

const CHROMIUM = process.env.LIAO_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Page-side probes, installed before the app's own scripts: when the first conversation row is
 * in a painted frame, every long task, and the gaps between animation frames.
 */
const PROBES = `
  // tsx keeps function names with a __name helper, which functions sent to the page carry along.
  window.__name = (fn) => fn;
  window.__bench = { listAt: null, longTasks: [], frames: [] };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  const watch = new MutationObserver(() => {
    if (window.__bench.listAt !== null || !document.querySelector('.conv-row[data-conversation-id]')) return;
    watch.disconnect();
    requestAnimationFrame(() => { window.__bench.listAt = performance.now(); });
  });
  watch.observe(document, { childList: true, subtree: true });
`;

declare global {
  interface Window {
    __bench: { listAt: number | null; longTasks: number[]; frames: number[] };
    __liaoClient: {
      waitForState(state: 'open'): Promise<void>;
      syncNow(): Promise<void>;
      fillGaps(): Promise<void>;
      whenSynced(): Promise<void>;
      getConversations(): { id: string }[];
      hasOlder(conversationId: string): boolean;
      loadOlder(conversationId: string, pageSize?: number): Promise<number>;
      store: { listMessages(conversationId: string, query: object): Promise<unknown[]> };
    };
  }
}

export async function measureClientApp(
  url: string,
  seed: ClientAppSeed,
  options: { reloads: number; opens: number; scrollSeconds: number },
): Promise<ClientAppResult> {
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    context.setDefaultTimeout(120_000);
    await context.addInitScript(PROBES);
    const page = await context.newPage();
    await signIn(page, url, seed.me.username, seed.password);

    // Fill the local cache (IndexedDB) with every message of every chat, as a device that has
    // been in use for a long time would hold them.
    const fillStarted = Date.now();
    const longChatCached = await page.evaluate(async (longId) => {
      const client = window.__liaoClient;
      await client.waitForState('open');
      await client.syncNow();
      await client.fillGaps();
      // Sync brings each chat's newest page; older history comes as a reader scrolls. Load it
      // all, a few chats at a time, as a long-used device would hold it.
      const ids = client.getConversations().map((c) => c.id);
      let next = 0;
      const worker = async () => {
        while (next < ids.length) {
          const id = ids[next++] as string;
          while (client.hasOlder(id)) await client.loadOlder(id, 100);
        }
      };
      await Promise.all([worker(), worker(), worker(), worker(), worker(), worker()]);
      await client.whenSynced();
      return (await client.store.listMessages(longId, {})).length;
    }, seed.longChat.id);
    const cacheFillSeconds = (Date.now() - fillStarted) / 1000;
    if (longChatCached < seed.longChat.messages) {
      throw new Error(
        `the cache holds ${longChatCached} of the long chat's ${seed.longChat.messages} messages`,
      );
    }

    const listSamples: number[] = [];
    for (let i = 0; i < options.reloads; i++) {
      await page.reload();
      await page.waitForFunction(() => window.__bench.listAt !== null);
      listSamples.push(await page.evaluate(() => window.__bench.listAt ?? 0));
    }

    const openSamples: number[] = [];
    for (let i = 0; i < options.opens; i++) {
      for (const chat of [seed.longChat, seed.otherChat]) openSamples.push(await openChat(page, chat));
    }

    await openChat(page, seed.longChat);
    const scroll = await scrollUp(page, options.scrollSeconds);
    return {
      conversations: seed.conversations,
      cachedMessages: seed.messages,
      cacheFillSeconds: round(cacheFillSeconds),
      longChatMessages: longChatCached,
      listFirstPaintMs: summary(listSamples),
      chatOpenMs: summary(openSamples),
      scroll,
    };
  } finally {
    await browser.close();
  }
}

async function signIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.locator('.conv-row[data-conversation-id]').first().waitFor();
}

/** Clicks a chat's row and times, in the page, the click to the frame showing its newest line. */
async function openChat(page: Page, chat: { id: string; newestText: string }): Promise<number> {
  const row = page.locator(`.conv-row[data-conversation-id="${chat.id}"]`);
  await row.waitFor();
  const timing = page.evaluate(
    ({ id, text }) =>
      new Promise<number>((resolve) => {
        const target = document.querySelector(`.conv-row[data-conversation-id="${id}"]`);
        let clickedAt = 0;
        target?.addEventListener(
          'pointerdown',
          () => {
            clickedAt = performance.now();
          },
          { once: true, capture: true },
        );
        const check = () => {
          const pane = document.querySelector('section.chat');
          if (
            clickedAt > 0 &&
            pane?.getAttribute('data-conversation-id') === id &&
            pane.textContent?.includes(text)
          ) {
            requestAnimationFrame(() => resolve(performance.now() - clickedAt));
          } else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    { id: chat.id, text: chat.newestText },
  );
  await row.click();
  return timing;
}

/** Scrolls the open chat upwards with the mouse wheel, as a reader would, recording frames and long tasks. */
async function scrollUp(page: Page, seconds: number): Promise<ClientAppResult['scroll']> {
  const box = await page.locator('section.chat').boundingBox();
  if (!box) throw new Error('no chat on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.evaluate(() => {
    window.__bench.longTasks = [];
    window.__bench.frames = [];
    let last = performance.now();
    const tick = (now: number) => {
      window.__bench.frames.push(now - last);
      last = now;
      if (window.__bench.frames.length < 100_000) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const until = Date.now() + seconds * 1000;
  let pixels = 0;
  while (Date.now() < until) {
    await page.mouse.wheel(0, -400);
    pixels += 400;
    await page.waitForTimeout(30);
  }
  const probes = await page.evaluate(() => ({
    frames: window.__bench.frames,
    longTasks: window.__bench.longTasks,
  }));
  // A frame is 1/60 s; an interval of n frames means n − 1 were dropped.
  const frameMs = 1000 / 60;
  const dropped = probes.frames.reduce((sum, gap) => sum + Math.max(0, Math.round(gap / frameMs) - 1), 0);
  return {
    seconds,
    pixels,
    frames: probes.frames.length,
    droppedFrames: dropped,
    longTasks: probes.longTasks.length,
    longestTaskMs: round(Math.max(0, ...probes.longTasks)),
  };
}

function summary(samples: number[]): { p50: number; max: number; samples: number[] } {
  const p = percentiles(samples);
  return { p50: p.p50, max: p.max, samples: samples.map(round) };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
