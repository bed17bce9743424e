import { LiaoClient, LiaoError } from '@liao/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { doCreateSession } from '../../../src/identity/sessions/rules';
import { codeOf, makePeople } from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { makeClip } from '../../support/videos-fixtures';

describeEachStore('videos through the SDK', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  /** A client whose fetch counts the bytes it PATCHes and can be told to fail after a count. */
  async function countingClient(userId: string) {
    const { token } = await doCreateSession(
      t.server.ctx,
      userId,
      { name: 'test', platform: 'bot' },
      'vitest',
    );
    const state = { patched: 0, patches: 0, dropAfterPatches: Number.POSITIVE_INFINITY };
    const counting: typeof fetch = async (input, init) => {
      if (init?.method === 'PATCH') {
        if (state.patches >= state.dropAfterPatches) throw new TypeError('fetch failed (connection dropped)');
        state.patches++;
        state.patched += (init.body as Blob).size;
      }
      return fetch(input, init);
    };
    return { client: new LiaoClient({ baseUrl: t.url, token, fetch: counting }), state };
  }

  it('uploads with progress, resumes an interrupted upload where it stopped, and hears the video become ready', async () => {
    const owner = await people.online();
    const clip = await makeClip({ seconds: 5 });
    const chunkSize = Math.ceil(clip.length / 4);
    const { client, state } = await countingClient(owner.id);
    // The first attempt dies after two chunks (a reload, a dropped network that outlasts retries).
    state.dropAfterPatches = 2;
    let uploadUrl: string | undefined;
    const progress: number[] = [];
    const first = client.api.uploadVideo(clip, {
      caption: '断点续传',
      visibility: 'friends',
      chunkSize,
      retries: 0,
      onCreated: (url) => {
        uploadUrl = url;
      },
      onProgress: (sent) => progress.push(sent),
    });
    expect(await codeOf(first)).toBe('NETWORK');
    expect(uploadUrl).toMatch(/\/api\/videos\/uploads\/[0-9a-f-]{36}$/);
    expect(progress).toEqual([0, chunkSize, 2 * chunkSize]);

    state.dropAfterPatches = Number.POSITIVE_INFINITY;
    const sentBefore = state.patched;
    const ready = owner.client.waitForEvent('video.updated', (e) => e.video.state === 'ready', 60_000);
    const video = await client.api.uploadVideo(clip, { chunkSize, uploadUrl });
    expect(video).toMatchObject({ state: 'processing', caption: '断点续传', visibility: 'friends' });
    // Only the part the server did not have went again.
    expect(state.patched - sentBefore).toBe(clip.length - 2 * chunkSize);
    expect((await ready).video).toMatchObject({ id: video.id, state: 'ready', progress: 1 });

    expect((await client.api.listMyVideos()).videos.map((v) => v.id)).toEqual([video.id]);
    expect((await client.api.updateVideo(video.id, { caption: '改了' })).caption).toBe('改了');
    const friend = await people.person();
    await people.befriend(owner, friend);
    const feed = await friend.client.api.videoFeed({ limit: 5 });
    expect(feed.videos.map((v) => v.caption)).toEqual(['改了']);
    expect(feed.users.map((u) => u.id)).toEqual([owner.id]);
    expect((await friend.client.api.listUserVideos(owner.id)).videos).toHaveLength(1);
    expect((await friend.client.api.getVideo(video.id)).streamUrl).toBe(
      `/api/media/videos/${video.id}/stream`,
    );
    await client.api.deleteVideo(video.id);
    expect(await codeOf(friend.client.api.getVideo(video.id))).toBe('VIDEO_NOT_FOUND');
  });

  it('a refused file rejects with its code', async () => {
    const owner = await people.person();
    const error = await owner.client.api
      .uploadVideo(new TextEncoder().encode('not a video, just text'))
      .catch((e) => e);
    expect(error).toBeInstanceOf(LiaoError);
    expect(error.code).toBe('INVALID_VIDEO');
  });
});
