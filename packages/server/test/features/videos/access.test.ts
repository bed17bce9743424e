import type { Video, Visibility } from '@liao/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { videoCardFor } from '../../../src/features/videos/rules';
import { expectError } from '../../support/builders';
import { newClientId } from '../../support/chat-fixtures';
import { makePeople, type Person } from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http } from '../../support/http';
import { makeClip, storedVideoFiles, uploadVideo, waitUntilSettled } from '../../support/videos-fixtures';

const tokenOf = (p: Person) => p.client.api.http.token ?? '';

describeEachStore('who may watch a video', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  async function readyVideo(owner: Person, visibility: Visibility, caption = ''): Promise<Video> {
    const res = await uploadVideo(t, tokenOf(owner), await makeClip({ seconds: 1 }), { visibility, caption });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const video = await waitUntilSettled(t, tokenOf(owner), res.body.video.id);
    expect(video.state).toBe('ready');
    return video;
  }

  /** The owner, a friend, a stranger, and a stranger who is in a chat the video was shared into. */
  async function cast() {
    const [owner, friend, stranger, chatMember, host] = await Promise.all([
      people.person(),
      people.person(),
      people.person(),
      people.person(),
      people.person(),
    ]);
    await people.befriend(owner!, friend!);
    // A group made by someone who knows both: the owner and chatMember are not friends.
    await people.befriend(host!, owner!, chatMember!);
    const group = await host!.client.api.createGroup({ memberIds: [owner!.id, chatMember!.id] });
    // The owner shares over the live connection, as the app does.
    await owner!.client.connect();
    return {
      owner: owner!,
      friend: friend!,
      stranger: stranger!,
      chatMember: chatMember!,
      host: host!,
      groupId: group.id,
    };
  }

  /** The owner sends the video into the chat: a video message, which records the share. */
  async function share(owner: Person, video: Video, conversationId: string) {
    await owner.client.request('message.send', {
      conversationId,
      clientId: newClientId(),
      content: { kind: 'video', videoId: video.id },
    });
  }

  /** Status of the video's stream, its poster and its API record for the viewer. */
  async function access(viewer: Person, video: Video) {
    const stream = await http(t.url, 'GET', `/api/media/videos/${video.id}/stream`, {
      token: tokenOf(viewer),
    });
    const poster = await http(t.url, 'GET', `/api/media/videos/${video.id}/poster`, {
      token: tokenOf(viewer),
    });
    const record = await http(t.url, 'GET', `/api/videos/${video.id}`, { token: tokenOf(viewer) });
    if (record.status === 404) expectError(record, 404, 'VIDEO_NOT_FOUND');
    return [stream.status, poster.status, record.status];
  }

  const SEEN = [200, 200, 200];
  const HIDDEN = [404, 404, 404];

  it('public: every signed-in user; signed out: nobody', async () => {
    const c = await cast();
    const video = await readyVideo(c.owner, 'public');
    for (const viewer of [c.owner, c.friend, c.stranger, c.chatMember])
      expect(await access(viewer, video)).toEqual(SEEN);
    expectError(await http(t.url, 'GET', `/api/media/videos/${video.id}/stream`), 401, 'UNAUTHENTICATED');
  });

  it("friends: the owner's friends and the members of a chat it was shared into, nobody else", async () => {
    const c = await cast();
    const video = await readyVideo(c.owner, 'friends');
    expect(await access(c.owner, video)).toEqual(SEEN);
    expect(await access(c.friend, video)).toEqual(SEEN);
    expect(await access(c.stranger, video)).toEqual(HIDDEN);
    expect(await access(c.chatMember, video)).toEqual(HIDDEN);
    await share(c.owner, video, c.groupId);
    expect(await access(c.chatMember, video)).toEqual(SEEN);
    expect(await access(c.stranger, video)).toEqual(HIDDEN);
  });

  it('private: the owner alone, even where it was shared', async () => {
    const c = await cast();
    const video = await readyVideo(c.owner, 'private');
    await share(c.owner, video, c.groupId);
    expect(await access(c.owner, video)).toEqual(SEEN);
    for (const viewer of [c.friend, c.stranger, c.chatMember])
      expect(await access(viewer, video)).toEqual(HIDDEN);
    expect((await videoCardFor(t.server.ctx, c.chatMember.id, video.id, video.ownerId)).available).toBe(
      false,
    );
  });

  it('a member who leaves the chat loses what was shared there', async () => {
    const c = await cast();
    const video = await readyVideo(c.owner, 'friends');
    await share(c.owner, video, c.groupId);
    expect(await access(c.chatMember, video)).toEqual(SEEN);
    await c.chatMember.client.api.leaveGroup(c.groupId);
    expect(await access(c.chatMember, video)).toEqual(HIDDEN);
  });

  it('[issue 14.6] a video shared before someone joined the chat is theirs only if its visibility allows; one shared after is', async () => {
    const c = await cast();
    const friendsOnly = await readyVideo(c.owner, 'friends');
    const everyone = await readyVideo(c.owner, 'public');
    await share(c.owner, friendsOnly, c.groupId);
    await share(c.owner, everyone, c.groupId);
    const late = await people.person();
    await people.befriend(c.host, late);
    await c.host.client.api.inviteMembers(c.groupId, [late.id]);
    expect(await access(c.chatMember, friendsOnly)).toEqual(SEEN);
    expect(await access(late, friendsOnly)).toEqual(HIDDEN);
    expect(await access(late, everyone)).toEqual(SEEN);
    // Shared again now that they are there, it is theirs to watch.
    await share(c.owner, friendsOnly, c.groupId);
    expect(await access(late, friendsOnly)).toEqual(SEEN);
  });

  it('someone the owner blocked does not see even public videos', async () => {
    const c = await cast();
    const video = await readyVideo(c.owner, 'public');
    await c.owner.client.api.block(c.stranger.id);
    expect(await access(c.stranger, video)).toEqual(HIDDEN);
  });

  it('only the owner may change or delete a video; deleting removes its files and its cards go unavailable', async () => {
    const c = await cast();
    const video = await readyVideo(c.owner, 'friends', 'before');
    await share(c.owner, video, c.groupId);
    for (const viewer of [c.friend, c.stranger]) {
      expectError(
        await http(t.url, 'PATCH', `/api/videos/${video.id}`, {
          token: tokenOf(viewer),
          body: { caption: 'x' },
        }),
        404,
        'VIDEO_NOT_FOUND',
      );
      expectError(
        await http(t.url, 'DELETE', `/api/videos/${video.id}`, { token: tokenOf(viewer) }),
        404,
        'VIDEO_NOT_FOUND',
      );
    }
    const changed = await http(t.url, 'PATCH', `/api/videos/${video.id}`, {
      token: tokenOf(c.owner),
      body: { caption: 'after', visibility: 'public' },
    });
    expect(changed.body.video).toMatchObject({ caption: 'after', visibility: 'public' });
    expect(await access(c.stranger, changed.body.video)).toEqual(SEEN);
    expectError(
      await http(t.url, 'PATCH', `/api/videos/${video.id}`, {
        token: tokenOf(c.owner),
        body: { visibility: 'all' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(await videoCardFor(t.server.ctx, c.chatMember.id, video.id, video.ownerId)).toMatchObject({
      available: true,
      caption: 'after',
    });
    expect((await http(t.url, 'DELETE', `/api/videos/${video.id}`, { token: tokenOf(c.owner) })).status).toBe(
      204,
    );
    expect(storedVideoFiles(t).filter((f) => f.includes(video.id))).toEqual([]);
    expect(await access(c.owner, video)).toEqual(HIDDEN);
    expect(await videoCardFor(t.server.ctx, c.chatMember.id, video.id, video.ownerId)).toMatchObject({
      available: false,
      posterUrl: null,
      streamUrl: null,
    });
  });

  describe('lists', () => {
    it("a profile grid shows what the viewer may see; the feed shows friends' videos newest first, by pages", async () => {
      const c = await cast();
      const pub = await readyVideo(c.owner, 'public', 'pub');
      const fri = await readyVideo(c.owner, 'friends', 'fri');
      const pri = await readyVideo(c.owner, 'private', 'pri');
      const captions = async (viewer: Person, path: string) =>
        ((await http(t.url, 'GET', path, { token: tokenOf(viewer) })).body.videos as Video[]).map(
          (v) => v.caption,
        );
      const grid = `/api/users/${c.owner.id}/videos`;
      expect(await captions(c.owner, grid)).toEqual(['pri', 'fri', 'pub']);
      expect(await captions(c.friend, grid)).toEqual(['fri', 'pub']);
      expect(await captions(c.stranger, grid)).toEqual(['pub']);
      expect(await captions(c.owner, '/api/videos/mine')).toEqual(['pri', 'fri', 'pub']);
      expect(await captions(c.friend, '/api/videos/feed')).toEqual(['fri', 'pub']);
      expect(await captions(c.stranger, '/api/videos/feed')).toEqual([]);

      const first = await http(t.url, 'GET', '/api/videos/feed?limit=1', { token: tokenOf(c.friend) });
      expect(first.body.videos.map((v: Video) => v.id)).toEqual([fri.id]);
      expect(first.body.users.map((u: { id: string }) => u.id)).toEqual([c.owner.id]);
      const second = await http(t.url, 'GET', `/api/videos/feed?limit=1&cursor=${first.body.nextCursor}`, {
        token: tokenOf(c.friend),
      });
      expect(second.body.videos.map((v: Video) => v.id)).toEqual([pub.id]);
      expect(second.body.nextCursor).toBeNull();
      expect(pri.visibility).toBe('private');
      expectError(
        await http(t.url, 'GET', '/api/videos/feed?cursor=nonsense', { token: tokenOf(c.friend) }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await http(t.url, 'GET', '/api/videos/feed?limit=500', { token: tokenOf(c.friend) }),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('Range requests', () => {
    it('serve partial content for seeking, with the headers a player needs', async () => {
      const c = await cast();
      const video = await readyVideo(c.owner, 'public');
      const url = `${t.url}${video.streamUrl}`;
      const get = (range?: string) =>
        fetch(url, {
          headers: { authorization: `Bearer ${tokenOf(c.friend)}`, ...(range ? { range } : {}) },
        });
      const whole = await get();
      const bytes = Buffer.from(await whole.arrayBuffer());
      const size = bytes.length;
      expect(whole.status).toBe(200);
      expect(whole.headers.get('accept-ranges')).toBe('bytes');
      expect(whole.headers.get('content-type')).toBe('video/mp4');
      expect(whole.headers.get('cache-control')).toMatch(/^private/);
      expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
      // faststart: the index (moov) comes before the media data (mdat).
      expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));

      for (const [range, start, end] of [
        ['bytes=0-99', 0, 99],
        ['bytes=100-', 100, size - 1],
        ['bytes=-50', size - 50, size - 1],
        [`bytes=10-${size + 1000}`, 10, size - 1],
      ] as const) {
        const res = await get(range);
        expect(res.status, range).toBe(206);
        expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
        const part = Buffer.from(await res.arrayBuffer());
        expect(part.equals(bytes.subarray(start, end + 1)), range).toBe(true);
      }
      for (const range of [`bytes=${size}-`, `bytes=${size + 5}-${size + 10}`, 'bytes=-0', 'bytes=9-3']) {
        const res = await get(range);
        expect(res.status, range).toBe(416);
        expect(res.headers.get('content-range')).toBe(`bytes */${size}`);
        await res.arrayBuffer();
      }
      // A Range we do not honour (several ranges, another unit) gets the whole file.
      for (const range of ['bytes=0-1,5-6', 'items=0-1']) {
        const res = await get(range);
        expect(res.status, range).toBe(200);
        await res.arrayBuffer();
      }
      // A stranger who may not see it learns nothing from a Range either.
      const hidden = await readyVideo(c.owner, 'private');
      const refused = await fetch(`${t.url}${hidden.streamUrl}`, {
        headers: { authorization: `Bearer ${tokenOf(c.stranger)}`, range: 'bytes=0-10' },
      });
      expect(refused.status).toBe(404);
      await refused.arrayBuffer();
    });
  });
});
