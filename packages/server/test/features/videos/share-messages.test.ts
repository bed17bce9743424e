import fs from 'node:fs';
import path from 'node:path';
import type { Message, OutgoingContent, ShareVideoResult, Visibility } from '@liao/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId } from '../../../src/platform/ids';
import { expectError } from '../../support/builders';
import { fullHistory, newClientId } from '../../support/chat-fixtures';
import { codeOf, makeGroupOf, makePeople, type Person, viewOf } from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http } from '../../support/http';
import { makeImage } from '../../support/images';

describeEachStore('videos shared into chats', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  const tokenOf = (p: Person) => p.client.api.http.token ?? '';

  /**
   * A video row and its poster written as a finished transcode leaves them (transcoding itself
   * is the videos suite's subject): the card and the serving only read these.
   */
  async function makeVideo(
    owner: Person,
    options: { visibility?: Visibility; state?: 'processing' | 'ready'; caption?: string } = {},
  ): Promise<string> {
    const id = newId();
    const now = t.clock.now();
    await t.server.ctx.db
      .insertInto('videos')
      .values({
        id,
        owner_id: owner.id,
        caption: options.caption ?? '周末的海边',
        visibility: options.visibility ?? 'friends',
        state: options.state ?? 'ready',
        duration_ms: 5000,
        width: 720,
        height: 1280,
        progress: 1,
        error: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const dir = path.join(t.dataDir, 'media', 'videos', id);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'poster.jpg'), await makeImage('jpeg', 72, 128));
    return id;
  }

  async function send(p: Person, conversationId: string, content: OutgoingContent): Promise<Message> {
    const { message } = await p.client.request('message.send', {
      conversationId,
      clientId: newClientId(),
      content,
    });
    return message;
  }

  function poster(p: Person, videoId: string) {
    return fetch(`${t.url}/api/media/videos/${videoId}/poster`, {
      headers: { authorization: `Bearer ${tokenOf(p)}` },
    });
  }

  function share(p: Person, videoId: string, body: unknown) {
    return http(t.url, 'POST', `/api/videos/${videoId}/share`, { token: tokenOf(p), body });
  }

  it("the owner sends their video into a group: a card with its caption, duration and poster, and members who aren't the owner's friends may now fetch the poster", async () => {
    const { owner, members, conversationId } = await makeGroupOf(people, 2);
    const stranger = await people.online();
    await people.befriend(members[0]!, stranger);
    await members[0]!.client.api.inviteMembers(conversationId, [stranger.id]);
    const videoId = await makeVideo(owner, { visibility: 'friends' });
    // Friends-only: not the stranger's to see before the share.
    expect((await poster(stranger, videoId)).status).toBe(404);

    const heard = stranger.client.waitForEvent(
      'message.new',
      (e) => e.message.conversationId === conversationId && e.message.content.kind === 'video',
    );
    const message = await send(owner, conversationId, { kind: 'video', videoId, comment: '快看' });
    expect(message.content).toEqual({
      kind: 'video',
      videoId,
      comment: '快看',
      card: {
        id: videoId,
        ownerId: owner.id,
        caption: '周末的海边',
        durationMs: 5000,
        width: 720,
        height: 1280,
        posterUrl: `/api/media/videos/${videoId}/poster`,
        previewUrl: `/api/media/videos/${videoId}/preview`,
        streamUrl: `/api/media/videos/${videoId}/stream`,
        available: true,
      },
    });
    expect((await heard).message.content).toEqual(message.content);
    const res = await poster(stranger, videoId);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    // Someone outside the chat still may not.
    expect((await poster(await people.online(), videoId)).status).toBe(404);
    // The list's preview (the chat's last message) carries the card for "[视频] caption".
    expect((await viewOf(stranger.client, conversationId)).lastMessage?.content).toMatchObject({
      kind: 'video',
      card: { caption: '周末的海边', available: true },
    });
  });

  it("a friend shares the owner's friends-only video; a reply to the card quotes the video", async () => {
    const [owner, friend, other] = await people.crowd(3);
    await people.befriend(owner!, friend!);
    await people.befriend(friend!, other!);
    const conversationId = await friend!.client.api.openDirect(other!.id);
    const videoId = await makeVideo(owner!, { visibility: 'friends' });
    const card = await send(friend!, conversationId, { kind: 'video', videoId });
    expect(card.content).toMatchObject({ kind: 'video', videoId, card: { available: true } });
    const reply = await send(other!, conversationId, {
      kind: 'text',
      text: '哈哈',
      replyTo: { seq: card.seq },
    });
    expect(reply.content).toMatchObject({
      replyTo: { seq: card.seq, senderId: friend!.id, kind: 'video', videoId },
    });
  });

  it('refuses a private video of someone else, a video not ready, and an unknown one; nothing is sent', async () => {
    const [owner, friend, other] = await people.crowd(3);
    await people.befriend(owner!, friend!);
    await people.befriend(friend!, other!);
    const conversationId = await friend!.client.api.openDirect(other!.id);
    const privateOne = await makeVideo(owner!, { visibility: 'private' });
    expect(await codeOf(send(friend!, conversationId, { kind: 'video', videoId: privateOne }))).toBe(
      'VIDEO_NOT_FOUND',
    );
    expect(await codeOf(send(friend!, conversationId, { kind: 'video', videoId: newId() }))).toBe(
      'VIDEO_NOT_FOUND',
    );
    const mine = await makeVideo(friend!, { state: 'processing' });
    expect(await codeOf(send(friend!, conversationId, { kind: 'video', videoId: mine }))).toBe(
      'VIDEO_NOT_READY',
    );
    // Someone else's video still processing is not theirs to know of.
    const processing = await makeVideo(owner!, { state: 'processing' });
    expect(await codeOf(send(friend!, conversationId, { kind: 'video', videoId: processing }))).toBe(
      'VIDEO_NOT_FOUND',
    );
    expect((await viewOf(friend!.client, conversationId)).lastSeq).toBe(0);
    // No share was recorded: the other side may not watch the private video.
    expect((await poster(other!, privateOne)).status).toBe(404);
  });

  it('a video its owner makes private, then deletes, shows as no longer available in the chat', async () => {
    const [owner, friend] = await people.crowd(2);
    await people.befriend(owner!, friend!);
    const conversationId = await owner!.client.api.openDirect(friend!.id);
    const videoId = await makeVideo(owner!, { visibility: 'public' });
    const sent = await send(owner!, conversationId, { kind: 'video', videoId });
    const cardIn = async (p: Person) => {
      const history = await fullHistory(p.client, conversationId);
      const m = history.find((x) => x.seq === sent.seq);
      return m?.content.kind === 'video' ? m.content.card : undefined;
    };

    let res = await http(t.url, 'PATCH', `/api/videos/${videoId}`, {
      token: tokenOf(owner!),
      body: { visibility: 'private' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const blank = {
      id: videoId,
      ownerId: owner!.id,
      caption: '',
      durationMs: 0,
      width: 0,
      height: 0,
      posterUrl: null,
      previewUrl: null,
      streamUrl: null,
      available: false,
    };
    expect(await cardIn(friend!)).toEqual(blank);
    expect((await viewOf(friend!.client, conversationId)).lastMessage?.content).toMatchObject({
      card: blank,
    });
    expect((await poster(friend!, videoId)).status).toBe(404);

    // Shown again to the chat when it is made visible again.
    res = await http(t.url, 'PATCH', `/api/videos/${videoId}`, {
      token: tokenOf(owner!),
      body: { visibility: 'friends', caption: '新标题' },
    });
    expect(res.status).toBe(200);
    expect(await cardIn(friend!)).toMatchObject({ available: true, caption: '新标题' });

    res = await http(t.url, 'DELETE', `/api/videos/${videoId}`, { token: tokenOf(owner!) });
    expect(res.status).toBeLessThan(300);
    expect(await cardIn(friend!)).toEqual(blank);
    expect(await cardIn(owner!)).toEqual(blank);
    // The stored message keeps its place and its comment-less body: only the card is blanked.
    expect((await fullHistory(friend!.client, conversationId)).map((m) => m.seq)).toContain(sent.seq);
  });

  it('shares into several chats at once with per-chat results; repeating the request sends nothing new', async () => {
    const [me, a, b, gone] = await people.crowd(4);
    await people.befriend(me!, a!, b!, gone!);
    const toA = await me!.client.api.openDirect(a!.id);
    const toB = await me!.client.api.openDirect(b!.id);
    const toGone = await me!.client.api.openDirect(gone!.id);
    await gone!.client.api.deleteFriend(me!.id);
    const videoId = await makeVideo(me!);
    const body = { requestId: newClientId(), conversationIds: [toA, toGone, toB], comment: '一起看' };

    const res = await share(me!, videoId, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { results } = res.body as ShareVideoResult;
    expect(results.map((r) => r.conversationId)).toEqual([toA, toGone, toB]);
    expect(results[1]).toMatchObject({ error: { code: 'NOT_FRIENDS' } });
    for (const r of [results[0]!, results[2]!]) {
      expect(r).toMatchObject({ message: { content: { kind: 'video', videoId, comment: '一起看' } } });
    }
    const again = (await share(me!, videoId, body)).body as ShareVideoResult;
    expect(again.results[0]).toEqual(results[0]);
    expect(again.results[2]).toEqual(results[2]);
    expect((await viewOf(a!.client, toA)).lastSeq).toBe(1);

    // Through the SDK too.
    const viaSdk = await me!.client.api.shareVideo(videoId, {
      requestId: newClientId(),
      conversationIds: [toB],
    });
    expect(viaSdk.results[0]).toMatchObject({ conversationId: toB, message: { seq: 2 } });
  });

  it('refuses a share of a video one may not share, to too many chats, or repeating a chat', async () => {
    const [me, owner, friend] = await people.crowd(3);
    await people.befriend(me!, friend!);
    const chat = await me!.client.api.openDirect(friend!.id);
    const theirs = await makeVideo(owner!, { visibility: 'friends' });
    expectError(
      await share(me!, theirs, { requestId: newClientId(), conversationIds: [chat] }),
      404,
      'VIDEO_NOT_FOUND',
    );
    const mine = await makeVideo(me!);
    const ten = Array.from({ length: 10 }, () => chat);
    expectError(
      await share(me!, mine, { requestId: newClientId(), conversationIds: ten }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await share(me!, mine, { requestId: newClientId(), conversationIds: [chat, chat] }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await share(me!, 'nope', { requestId: newClientId(), conversationIds: [chat] }),
      400,
      'VALIDATION_FAILED',
    );
    // A chat I am not in: refused for that chat, like any other I cannot send to.
    const { conversationId: notMine } = await makeGroupOf(people, 2);
    const res = await share(me!, mine, { requestId: newClientId(), conversationIds: [notMine] });
    expect((res.body as ShareVideoResult).results[0]).toMatchObject({
      error: { code: 'CONVERSATION_NOT_FOUND' },
    });
    const unauthenticated = await http(t.url, 'POST', `/api/videos/${mine}/share`, {
      body: { requestId: newClientId(), conversationIds: [chat] },
    });
    expectError(unauthenticated, 401, 'UNAUTHENTICATED');
  });
});
