import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { initI18n } from './i18n';
import { type ServiceWorkerText, serviceWorkerText } from './serviceWorkerMessages';

const SOURCE = fs.readFileSync(path.resolve(import.meta.dirname, '../../public/sw.js'), 'utf8');
const ORIGIN = 'https://liao.test';

interface Shown {
  title: string;
  options: { body: string; tag: string; data: { url: string; count?: number } };
  closed: boolean;
  close(): void;
}

interface FakeWindow {
  url: string;
  focused: boolean;
  visibilityState: 'visible' | 'hidden';
  posted: unknown[];
  postMessage(message: unknown): void;
  focus(): Promise<void>;
}

/**
 * public/sw.js run as the browser runs it, in a context of its own, with the browser's parts
 * it uses (notifications, windows, the badge, Cache storage) recorded instead of shown.
 */
function startWorker() {
  const listeners = new Map<string, (event: unknown) => void>();
  const shown: Shown[] = [];
  const badges: number[] = [];
  const opened: string[] = [];
  const windows: FakeWindow[] = [];
  const cacheStore = new Map<string, Map<string, Response>>();
  const caches = {
    async open(name: string) {
      const entries = cacheStore.get(name) ?? new Map<string, Response>();
      cacheStore.set(name, entries);
      return {
        match: async (key: string) => entries.get(key)?.clone(),
        put: async (key: string, response: Response) => void entries.set(key, response),
      };
    },
  };
  const self = {
    addEventListener: (type: string, listener: (event: unknown) => void) => listeners.set(type, listener),
    location: new URL(`${ORIGIN}/sw.js`),
    navigator: {
      setAppBadge: async (n: number) => void badges.push(n),
      clearAppBadge: async () => void badges.push(0),
    },
    registration: {
      async showNotification(title: string, options: Shown['options']) {
        for (const old of shown) if (old.options.tag === options.tag) old.closed = true;
        const notification: Shown = {
          title,
          options,
          closed: false,
          close() {
            notification.closed = true;
          },
        };
        shown.push(notification);
      },
      async getNotifications(filter: { tag?: string } = {}) {
        return shown
          .filter((n) => !n.closed && (filter.tag === undefined || n.options.tag === filter.tag))
          .map((n) => ({ ...n, data: n.options.data, close: () => n.close() }));
      },
    },
    clients: {
      matchAll: async () => windows,
      openWindow: async (url: string) => void opened.push(url),
    },
  };
  vm.runInNewContext(SOURCE, { self, caches, Response, URL, console });

  /** Dispatches an event as the browser would, resolving once its waitUntil work is done. */
  async function dispatch(type: string, init: object): Promise<void> {
    const pending: Promise<unknown>[] = [];
    listeners.get(type)?.({ ...init, waitUntil: (work: Promise<unknown>) => pending.push(work) });
    await Promise.all(pending);
  }
  const push = (payload: unknown) =>
    dispatch('push', { data: { json: () => (typeof payload === 'string' ? JSON.parse(payload) : payload) } });
  const visible = () => shown.filter((n) => !n.closed);
  function openWindow(url: string, focused = false): FakeWindow {
    const window: FakeWindow = {
      url,
      focused,
      visibilityState: focused ? 'visible' : 'hidden',
      posted: [],
      postMessage(message) {
        window.posted.push(message);
      },
      focus: async () => undefined,
    };
    windows.push(window);
    return window;
  }
  return { dispatch, push, visible, badges, opened, openWindow };
}

const ZH: ServiceWorkerText = serviceWorkerText(initI18n('zh-CN').getFixedT('zh-CN'));
const EN: ServiceWorkerText = serviceWorkerText(initI18n('en').getFixedT('en'));

function message(over: Record<string, unknown> = {}) {
  return {
    type: 'message',
    tag: 'c1',
    conversationId: 'c1',
    conversationKind: 'direct',
    title: '王芳',
    senderName: '王芳',
    preview: { kind: 'text', text: '晚上一起吃饭吗' },
    count: 1,
    unreadTotal: 4,
    url: '/chat/c1',
    ...over,
  };
}

describe('the service worker shows what is pushed while the app is closed', () => {
  it('names the sender and says the text, in the language the app handed it', async () => {
    const worker = startWorker();
    await worker.dispatch('message', { data: { type: 'liao:prefs', phone: false, text: ZH } });
    await worker.push(message());
    expect(worker.visible().map((n) => [n.title, n.options.body, n.options.tag])).toEqual([
      ['王芳', '晚上一起吃饭吗', 'c1'],
    ]);
    expect(worker.badges).toEqual([4]);
  });

  it("collapses a chat's burst into one notification with its count, the group's sender named", async () => {
    const worker = startWorker();
    await worker.dispatch('message', { data: { type: 'liao:prefs', phone: false, text: ZH } });
    const group = { conversationKind: 'group', title: '周末爬山', senderName: '李雷' };
    await worker.push(message({ ...group, count: 1 }));
    await worker.push(message({ ...group, count: 3, preview: { kind: 'image' } }));
    expect(worker.visible().map((n) => [n.title, n.options.body])).toEqual([
      ['周末爬山', '[3条] 李雷: [图片]'],
    ]);
  });

  it('never lets a late, older push replace a newer one', async () => {
    const worker = startWorker();
    await worker.push(message({ count: 3 }));
    await worker.push(message({ count: 2 }));
    expect(worker.visible().map((n) => n.options.data.count)).toEqual([3]);
  });

  it('says a call by its kind', async () => {
    const worker = startWorker();
    await worker.dispatch('message', { data: { type: 'liao:prefs', phone: false, text: ZH } });
    await worker.push(message({ preview: { kind: 'call', media: 'video' } }));
    expect(worker.visible().map((n) => n.options.body)).toEqual(['[视频通话]']);
  });

  it('shows only "you have a new message" when the preview is hidden', async () => {
    const worker = startWorker();
    await worker.dispatch('message', { data: { type: 'liao:prefs', phone: false, text: ZH } });
    await worker.push(message({ title: null, senderName: null, preview: null }));
    expect(worker.visible().map((n) => [n.title, n.options.body])).toEqual([['聊', '你收到了一条新消息']]);
    await worker.push(message({ title: null, senderName: null, preview: null, count: 5 }));
    expect(worker.visible().map((n) => n.options.body)).toEqual(['你收到了 5 条新消息']);
  });

  it('speaks English when the app does, and before any app handed it strings', async () => {
    const worker = startWorker();
    await worker.push(message({ preview: { kind: 'video' }, count: 2 }));
    expect(worker.visible()[0]?.options.body).toBe('[2] [Video]');
    await worker.dispatch('message', { data: { type: 'liao:prefs', phone: false, text: EN } });
    await worker.push(message({ title: null, senderName: null, preview: null, count: 3 }));
    expect(worker.visible().map((n) => [n.title, n.options.body])).toEqual([
      ['Liao', 'You have 3 new messages'],
    ]);
  });

  it('shows friend requests, with or without who asked', async () => {
    const worker = startWorker();
    await worker.dispatch('message', { data: { type: 'liao:prefs', phone: false, text: ZH } });
    const request = { type: 'friendRequest', tag: 'friend-requests', requestId: 'r1', url: '/friends/new' };
    await worker.push({ ...request, fromName: '韩梅梅', greeting: null });
    expect(worker.visible().map((n) => [n.title, n.options.body])).toEqual([['韩梅梅', '请求添加你为朋友']]);
    await worker.push({ ...request, fromName: null, greeting: null });
    expect(worker.visible().map((n) => [n.title, n.options.body])).toEqual([['聊', '你收到了一条朋友申请']]);
  });

  it('rings with who calls until the ring stops', async () => {
    const worker = startWorker();
    await worker.dispatch('message', { data: { type: 'liao:prefs', phone: false, text: ZH } });
    const ring = {
      type: 'call',
      tag: 'call:k1',
      callId: 'k1',
      conversationId: 'c1',
      media: 'video',
      url: '/chat/c1',
    };
    await worker.push({ ...ring, fromName: '王芳' });
    expect(worker.visible().map((n) => [n.title, n.options.body])).toEqual([['王芳', '邀请你视频通话']]);
    await worker.push({ type: 'clear', tag: 'call:k1', unreadTotal: 1 });
    expect(worker.visible()).toEqual([]);
    await worker.push({ ...ring, fromName: null });
    expect(worker.visible().map((n) => [n.title, n.options.body])).toEqual([['聊', '你有一个来电']]);
  });

  it('closes the notification and lowers the badge when the chat was read elsewhere', async () => {
    const worker = startWorker();
    await worker.push(message({ count: 2, unreadTotal: 6 }));
    await worker.push({ type: 'clear', tag: 'c1', unreadTotal: 4 });
    expect(worker.visible()).toEqual([]);
    expect(worker.badges).toEqual([6, 4]);
    await worker.push({ type: 'clear', tag: 'c2', unreadTotal: 0 });
    expect(worker.badges.at(-1)).toBe(0);
  });

  it('leaves it to the app when a window of it has the person in front of it', async () => {
    const worker = startWorker();
    worker.openWindow(`${ORIGIN}/chat/c9`, true);
    await worker.push(message());
    expect(worker.visible()).toEqual([]);
  });

  it('ignores what is not a Liao payload', async () => {
    const worker = startWorker();
    await worker.push({ type: 'message' });
    await worker.push({ type: 'other', tag: 'x' });
    await worker.dispatch('push', { data: { json: () => JSON.parse('not json') } });
    await worker.dispatch('push', { data: null });
    expect(worker.visible()).toEqual([]);
  });

  it('signing out closes every notification and clears the badge', async () => {
    const worker = startWorker();
    await worker.push(message());
    await worker.push(message({ tag: 'c2', conversationId: 'c2' }));
    await worker.dispatch('message', { data: { type: 'liao:signedOut' } });
    expect(worker.visible()).toEqual([]);
    expect(worker.badges.at(-1)).toBe(0);
  });
});

describe('clicking a notification', () => {
  const click = (worker: ReturnType<typeof startWorker>, url: unknown) => {
    const notification = { data: { url }, close() {} };
    return worker.dispatch('notificationclick', { notification });
  };

  it('opens the app at the chat when no window of it is open', async () => {
    const worker = startWorker();
    await click(worker, '/chat/c1');
    expect(worker.opened).toEqual(['/chat/c1']);
  });

  it('opens the phone layout on a device that uses it', async () => {
    const worker = startWorker();
    await worker.dispatch('message', { data: { type: 'liao:prefs', phone: true, text: ZH } });
    await click(worker, '/chat/c1');
    await click(worker, '/m/friends/new');
    expect(worker.opened).toEqual(['/m/chat/c1', '/m/friends/new']);
  });

  it('asks an open window to go to the chat instead of loading the app again', async () => {
    const worker = startWorker();
    const window = worker.openWindow(`${ORIGIN}/friends`);
    await click(worker, '/chat/c1');
    expect(window.posted).toEqual([{ type: 'liao:open', url: '/chat/c1' }]);
    expect(worker.opened).toEqual([]);
  });

  it('opens only pages of the app, whatever the payload says', async () => {
    const worker = startWorker();
    await click(worker, 'https://elsewhere.example/');
    await click(worker, '//elsewhere.example/x');
    await click(worker, undefined);
    expect(worker.opened).toEqual(['/', '/', '/']);
  });
});

describe('the strings the app hands its worker', () => {
  it('are all translated, with a place for the count where one is said', () => {
    for (const text of [ZH, EN]) {
      for (const value of Object.values(text)) expect(value).not.toMatch(/^[a-z]+\.[a-zA-Z.]+$/);
      expect(text.hiddenMany).toContain('{n}');
      expect(text.many).toContain('{n}');
    }
  });
});
