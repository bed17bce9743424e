import type { VideoUploadOptions } from '@liao/client';
import { LiaoError } from '@liao/client';
import type { Video, VideoPage } from '@liao/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppStore } from '../../app/state/createAppStore';
import { makeMe, makeUser, makeVideo } from '../../app/state/testBuilders';
import type { Sdk } from '../../app/state/types';
import { videoFingerprint } from './videoFiles';
import { findResumeUrl, readResumeBook, rememberUpload } from './videoResume';

interface UploadCall {
  options: VideoUploadOptions;
  resolve(video: Video): void;
  reject(error: unknown): void;
}

interface PageCall {
  kind: 'mine' | 'feed' | 'user';
  cursor: string | undefined;
  resolve(page: VideoPage): void;
}

/** A fake SDK whose calls the test answers by hand; the cast says it implements only what is called. */
function makeSdk() {
  const uploads: UploadCall[] = [];
  const pages: PageCall[] = [];
  const cancelled: string[] = [];
  const page =
    (kind: PageCall['kind']) =>
    (...args: unknown[]) =>
      new Promise<VideoPage>((resolve) => {
        const query = (kind === 'user' ? args[1] : args[0]) as { cursor?: string };
        pages.push({ kind, cursor: query.cursor, resolve });
      });
  const sdk = {
    api: {
      uploadVideo(_data: Blob, options: VideoUploadOptions): Promise<Video> {
        return new Promise((resolve, reject) => {
          uploads.push({ options, resolve, reject });
          options.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        });
      },
      async cancelVideoUpload(url: string) {
        cancelled.push(url);
      },
      listMyVideos: page('mine'),
      videoFeed: page('feed'),
      listUserVideos: page('user'),
    },
  } as unknown as Sdk;
  return { sdk, uploads, pages, cancelled };
}

/** A localStorage for node: the slice keeps resume URLs there. */
class MemoryStorage {
  items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

const ME = makeMe();

function uploadErrorCode(store: { getState(): { videoUpload: { error: unknown } | null } }): string | null {
  const error = store.getState().videoUpload?.error;
  return error instanceof LiaoError ? error.code : null;
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function signedInStore() {
  const fake = makeSdk();
  const store = createAppStore(fake.sdk);
  store.setState({ status: 'signedIn', me: ME });
  return { ...fake, store };
}

function makeFile(name = 'clip.mp4', size = 5_000_000): File {
  return new File([new Uint8Array(size)], name, { type: 'video/mp4', lastModified: 1_700_000_000_000 });
}

beforeEach(() => {
  Object.defineProperty(globalThis, 'localStorage', { value: new MemoryStorage(), configurable: true });
});
afterEach(() => {
  Reflect.deleteProperty(globalThis, 'localStorage');
});

describe('posting a video', () => {
  it('shows the bytes sent, keeps the upload URL while it runs, then follows processing to ready', async () => {
    const { store, uploads } = signedInStore();
    const file = makeFile();
    const done = store.getState().postVideo(file, { caption: '你好', visibility: 'public' });
    const call = uploads[0] as UploadCall;
    expect(call.options).toMatchObject({ caption: '你好', visibility: 'public', uploadUrl: undefined });
    expect(store.getState().videoUpload).toMatchObject({ phase: 'uploading', sent: 0, total: file.size });

    call.options.onCreated?.('http://liao.test/api/videos/uploads/u1');
    expect(findResumeUrl(videoFingerprint(ME.id, file))).toBe('http://liao.test/api/videos/uploads/u1');
    call.options.onProgress?.(2_000_000, file.size);
    expect(store.getState().videoUpload).toMatchObject({ sent: 2_000_000, resumedFrom: null });

    const video = makeVideo({ ownerId: ME.id, state: 'processing', progress: 0 });
    call.resolve(video);
    await done;
    // Done uploading: nothing left to resume.
    expect(findResumeUrl(videoFingerprint(ME.id, file))).toBeUndefined();
    expect(store.getState().videoUpload).toMatchObject({
      phase: 'processing',
      videoId: video.id,
      progress: 0,
    });
    expect(store.getState().myVideos.videos).toEqual([video]);

    store.getState().applyVideoUpdate({ ...video, progress: 0.4 });
    expect(store.getState().videoUpload).toMatchObject({ phase: 'processing', progress: 0.4 });
    const ready = {
      ...video,
      state: 'ready' as const,
      progress: 1,
      streamUrl: `/api/media/videos/${video.id}/stream`,
    };
    store.getState().applyVideoUpdate(ready);
    expect(store.getState().videoUpload).toMatchObject({ phase: 'ready', progress: 1, error: null });
    expect(store.getState().myVideos.videos).toEqual([ready]);
  });

  it('takes up the earlier upload of the same file after a reload, and says from where', async () => {
    const { store, uploads } = signedInStore();
    const file = makeFile();
    rememberUpload(videoFingerprint(ME.id, file), 'http://liao.test/api/videos/uploads/earlier');
    void store.getState().postVideo(file, { caption: '', visibility: 'friends' });
    const call = uploads[0] as UploadCall;
    expect(call.options.uploadUrl).toBe('http://liao.test/api/videos/uploads/earlier');
    call.options.onProgress?.(4_000_000, file.size);
    call.options.onProgress?.(5_000_000, file.size);
    expect(store.getState().videoUpload).toMatchObject({ resumedFrom: 4_000_000, sent: 5_000_000 });
  });

  it('never resumes another account’s upload of a file with the same name and size', () => {
    const file = makeFile();
    rememberUpload(videoFingerprint(makeUser().id, file), 'http://liao.test/api/videos/uploads/theirs');
    expect(findResumeUrl(videoFingerprint(ME.id, file))).toBeUndefined();
  });

  it('keeps the upload URL after a dropped connection, so a retry resumes', async () => {
    const { store, uploads } = signedInStore();
    const file = makeFile();
    const first = store.getState().postVideo(file, { caption: '', visibility: 'friends' });
    (uploads[0] as UploadCall).options.onCreated?.('http://liao.test/api/videos/uploads/u2');
    (uploads[0] as UploadCall).reject(new LiaoError('NETWORK', 0, 'offline'));
    await first;
    expect(store.getState().videoUpload).toMatchObject({ phase: 'failed' });
    expect(uploadErrorCode(store)).toBe('NETWORK');

    void store.getState().retryVideoUpload();
    await settle();
    expect((uploads[1] as UploadCall).options.uploadUrl).toBe('http://liao.test/api/videos/uploads/u2');
    expect(store.getState().videoUpload).toMatchObject({ phase: 'uploading' });
  });

  it('forgets the upload URL once the server refused the file (it keeps nothing)', async () => {
    const { store, uploads } = signedInStore();
    const file = makeFile();
    const done = store.getState().postVideo(file, { caption: '', visibility: 'friends' });
    (uploads[0] as UploadCall).options.onCreated?.('http://liao.test/api/videos/uploads/u3');
    (uploads[0] as UploadCall).reject(new LiaoError('INVALID_VIDEO', 422, 'not a video'));
    await done;
    expect(store.getState().videoUpload).toMatchObject({ phase: 'failed' });
    expect(readResumeBook()).toEqual({});
  });

  it('cancelling stops the upload and drops what the server holds', async () => {
    const { store, uploads, cancelled } = signedInStore();
    const file = makeFile();
    const done = store.getState().postVideo(file, { caption: '', visibility: 'private' });
    const call = uploads[0] as UploadCall;
    call.options.onCreated?.('http://liao.test/api/videos/uploads/u4');
    store.getState().cancelVideoUpload();
    await done;
    expect(call.options.signal?.aborted).toBe(true);
    expect(cancelled).toEqual(['http://liao.test/api/videos/uploads/u4']);
    expect(store.getState().videoUpload).toBeNull();
    expect(readResumeBook()).toEqual({});
  });

  it('a progress event that came before the upload reply is not undone by the reply', async () => {
    const { store, uploads } = signedInStore();
    const done = store.getState().postVideo(makeFile(), { caption: '', visibility: 'friends' });
    const video = makeVideo({ ownerId: ME.id, state: 'processing', progress: 0 });
    store.getState().applyVideoUpdate({ ...video, progress: 0.5 });
    (uploads[0] as UploadCall).resolve(video);
    await done;
    expect(store.getState().videoUpload).toMatchObject({ phase: 'processing', progress: 0.5 });
  });

  it('a failed transcode is reported with its reason', async () => {
    const { store, uploads } = signedInStore();
    const done = store.getState().postVideo(makeFile(), { caption: '', visibility: 'friends' });
    const video = makeVideo({ ownerId: ME.id, state: 'processing', progress: 0 });
    (uploads[0] as UploadCall).resolve(video);
    await done;
    store
      .getState()
      .applyVideoUpdate({ ...video, state: 'failed', error: 'TRANSCODE_FAILED', progress: 0.3 });
    expect(store.getState().videoUpload?.phase).toBe('failed');
    expect(uploadErrorCode(store)).toBe('TRANSCODE_FAILED');
  });
});

describe('video lists', () => {
  it('pages the feed by cursor, newest first, and learns the owners', async () => {
    const { store, pages } = signedInStore();
    const owner = makeUser();
    const [a, b, c] = [
      makeVideo({ createdAt: 30 }),
      makeVideo({ createdAt: 20 }),
      makeVideo({ createdAt: 10 }),
    ];
    const first = store.getState().loadVideoFeed();
    expect(store.getState().videoFeed.status).toBe('loading');
    (pages[0] as PageCall).resolve({ videos: [a as Video, b as Video], users: [owner], nextCursor: 'next' });
    await first;
    expect(store.getState().videoFeed).toEqual({ videos: [a, b], nextCursor: 'next', status: 'ready' });
    expect(store.getState().videoOwners[owner.id]).toEqual(owner);

    const more = store.getState().loadVideoFeed({ more: true });
    // A second scroll to the end while the page loads asks nothing more.
    void store.getState().loadVideoFeed({ more: true });
    expect(pages).toHaveLength(2);
    expect((pages[1] as PageCall).cursor).toBe('next');
    (pages[1] as PageCall).resolve({ videos: [c as Video], users: [], nextCursor: null });
    await more;
    expect(store.getState().videoFeed).toEqual({ videos: [a, b, c], nextCursor: null, status: 'ready' });
    // The last page is in: nothing further to ask.
    await store.getState().loadVideoFeed({ more: true });
    expect(pages).toHaveLength(2);
  });

  it('a video posted while My videos loads stays; one the fresh page leaves out (deleted) goes', async () => {
    const { store, pages } = signedInStore();
    const old = makeVideo({ ownerId: ME.id, createdAt: 10 });
    const gone = makeVideo({ ownerId: ME.id, createdAt: 5 });
    store.setState({ myVideos: { videos: [old, gone], nextCursor: null, status: 'ready' } });
    const load = store.getState().loadMyVideos();
    const posted = makeVideo({ ownerId: ME.id, createdAt: 50, state: 'processing', progress: 0.2 });
    store.getState().applyVideoUpdate(posted);
    (pages[0] as PageCall).resolve({ videos: [old], users: [], nextCursor: null });
    await load;
    expect(store.getState().myVideos.videos).toEqual([posted, old]);
  });

  it("a friend's grid keeps its own list; an edit of one of its videos shows there too", async () => {
    const { store, pages } = signedInStore();
    const friend = makeUser();
    const video = makeVideo({ ownerId: friend.id });
    const load = store.getState().loadUserVideos(friend.id);
    expect(pages[0]?.kind).toBe('user');
    (pages[0] as PageCall).resolve({ videos: [video], users: [friend], nextCursor: null });
    await load;
    expect(store.getState().userVideos[friend.id]?.videos).toEqual([video]);
    store.getState().openVideo(video);
    const edited = { ...video, caption: 'new words' };
    store.getState().applyVideoUpdate(edited);
    expect(store.getState().userVideos[friend.id]?.videos).toEqual([edited]);
    expect(store.getState().playingVideo).toEqual(edited);
  });

  it('a page that fails leaves the list as it was, marked so a retry can be offered', async () => {
    const fake = makeSdk();
    const sdk = {
      ...fake.sdk,
      api: { ...fake.sdk.api, videoFeed: () => Promise.reject(new LiaoError('NETWORK', 0, 'x')) },
    } as unknown as Sdk;
    const store = createAppStore(sdk);
    store.setState({ status: 'signedIn', me: ME });
    await store.getState().loadVideoFeed();
    expect(store.getState().videoFeed).toEqual({ videos: [], nextCursor: null, status: 'error' });
  });
});

describe("the owner's changes", () => {
  /** A fake SDK that answers edits as the server does, and refuses what the test says. */
  function ownerStore(refuse?: LiaoError) {
    const fake = makeSdk();
    const edits: { videoId: string; body: unknown }[] = [];
    const deleted: string[] = [];
    const mine = new Map<string, Video>();
    const sdk = {
      ...fake.sdk,
      api: {
        ...fake.sdk.api,
        async updateVideo(videoId: string, body: { caption?: string; visibility?: Video['visibility'] }) {
          edits.push({ videoId, body });
          if (refuse) throw refuse;
          const video = mine.get(videoId) as Video;
          return { ...video, ...body };
        },
        async deleteVideo(videoId: string) {
          if (refuse) throw refuse;
          deleted.push(videoId);
        },
      },
    } as unknown as Sdk;
    const store = createAppStore(sdk);
    store.setState({ status: 'signedIn', me: ME });
    const own = (fields: Partial<Video> = {}) => {
      const video = makeVideo({ ownerId: ME.id, ...fields });
      mine.set(video.id, video);
      return video;
    };
    return { store, edits, deleted, own };
  }

  it('a new caption and visibility show in My videos and the open player', async () => {
    const { store, edits, own } = ownerStore();
    const [a, b] = [own({ createdAt: 20 }), own({ createdAt: 10 })];
    store.setState({ myVideos: { videos: [a, b], nextCursor: null, status: 'ready' } });
    store.getState().openVideo(b);
    await store.getState().editVideo(b.id, { caption: '新的描述', visibility: 'private' });
    expect(edits).toEqual([{ videoId: b.id, body: { caption: '新的描述', visibility: 'private' } }]);
    const edited = { ...b, caption: '新的描述', visibility: 'private' };
    expect(store.getState().myVideos.videos).toEqual([a, edited]);
    expect(store.getState().playingVideo).toEqual(edited);
  });

  it('an edit while it processes keeps the progress a newer event brought', async () => {
    const { store, own } = ownerStore();
    const video = own({ state: 'processing', progress: 0.2 });
    store.setState({
      myVideos: { videos: [{ ...video, progress: 0.7 }], nextCursor: null, status: 'ready' },
    });
    await store.getState().editVideo(video.id, { visibility: 'public' });
    expect(store.getState().myVideos.videos).toEqual([{ ...video, progress: 0.7, visibility: 'public' }]);
  });

  it('a refused edit throws and changes nothing', async () => {
    const { store, own } = ownerStore(new LiaoError('VIDEO_NOT_FOUND', 404, 'gone'));
    const video = own();
    store.setState({ myVideos: { videos: [video], nextCursor: null, status: 'ready' } });
    await expect(store.getState().editVideo(video.id, { caption: 'x' })).rejects.toMatchObject({
      code: 'VIDEO_NOT_FOUND',
    });
    expect(store.getState().myVideos.videos).toEqual([video]);
  });

  it('a deleted video leaves every grid, the player and the share dialog', async () => {
    const { store, deleted, own } = ownerStore();
    const [gone, kept] = [own({ createdAt: 20 }), own({ createdAt: 10 })];
    const list = { videos: [gone, kept], nextCursor: null, status: 'ready' as const };
    store.setState({ myVideos: list, videoFeed: list, userVideos: { [ME.id]: list } });
    store.getState().openVideo(gone);
    store.getState().openShareVideo(gone.id);
    await store.getState().deleteVideo(gone.id);
    expect(deleted).toEqual([gone.id]);
    expect(store.getState().myVideos.videos).toEqual([kept]);
    expect(store.getState().videoFeed.videos).toEqual([kept]);
    expect(store.getState().userVideos[ME.id]?.videos).toEqual([kept]);
    expect(store.getState().playingVideo).toBeNull();
    expect(store.getState().shareVideo).toBeNull();
  });

  it('deleting one video leaves the player on another alone', async () => {
    const { store, own } = ownerStore();
    const [gone, playing] = [own(), own()];
    store.setState({ myVideos: { videos: [gone, playing], nextCursor: null, status: 'ready' } });
    store.getState().openVideo(playing);
    await store.getState().deleteVideo(gone.id);
    expect(store.getState().playingVideo).toEqual(playing);
  });

  it('a refused delete throws and the video stays', async () => {
    const { store, own } = ownerStore(new LiaoError('NETWORK', 0, 'offline'));
    const video = own();
    store.setState({ myVideos: { videos: [video], nextCursor: null, status: 'ready' } });
    store.getState().openVideo(video);
    await expect(store.getState().deleteVideo(video.id)).rejects.toBeInstanceOf(LiaoError);
    expect(store.getState().myVideos.videos).toEqual([video]);
    expect(store.getState().playingVideo).toEqual(video);
  });
});
