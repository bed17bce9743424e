import fs from 'node:fs';
import type { Video } from '@liao/protocol';
import pino from 'pino';
import { afterEach, expect, it } from 'vitest';
import type { Config } from '../../../src/platform/config';
import type { Store } from '../../../src/platform/db/database';
import {
  createJobQueue,
  type Job,
  type JobHandler,
  type JobQueue,
} from '../../../src/platform/jobs/jobQueue';
import { makePeople, type Person } from '../../support/conversation-fixtures';
import { describeEachStore, openTestStore, startTestServer, type TestServer } from '../../support/harness';
import { makeClip, storedVideoFiles, uploadVideo, waitUntilSettled } from '../../support/videos-fixtures';

const tokenOf = (p: Person) => p.client.api.http.token ?? '';
const silent = pino({ level: 'silent' });

/** A node that transcodes nothing, so that uploaded jobs wait in the store. */
function noTranscodes(config: Config): void {
  config.videos.transcodeConcurrency = 0;
}

/** A promise to settle from outside. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describeEachStore('the job queue', (kind) => {
  let store: Store;
  let destroy: () => Promise<void>;
  const queues: JobQueue[] = [];
  afterEach(async () => {
    for (const q of queues.splice(0)) await q.close();
    await destroy?.();
  });

  async function queue(handler: JobHandler, concurrency = 1, leaseMs = 60_000): Promise<JobQueue> {
    if (!store) {
      const opened = await openTestStore(kind);
      store = opened.store;
      destroy = async () => {
        await opened.destroy();
        (store as Store | undefined) = undefined;
      };
    }
    const q = createJobQueue({
      db: store.db,
      dialect: store.dialect,
      handlers: { test: handler },
      concurrency,
      leaseMs,
      pollMs: 50,
      now: Date.now,
      log: silent,
    });
    queues.push(q);
    return q;
  }

  it('runs at most N jobs at once', async () => {
    let running = 0;
    let most = 0;
    const started: string[] = [];
    const release = deferred();
    const allDone = deferred();
    let done = 0;
    const q = await queue(
      {
        async run(job) {
          running++;
          most = Math.max(most, running);
          started.push(job.id);
          await release.promise;
          running--;
          if (++done === 5) allDone.resolve();
        },
        async failed() {},
      },
      2,
    );
    for (let i = 0; i < 5; i++) await q.enqueue(store.db, 'test', { i });
    q.start();
    await expect.poll(() => started.length).toBe(2);
    release.resolve();
    await allDone.promise;
    expect(most).toBe(2);
    await expect
      .poll(async () => (await store.db.selectFrom('jobs').select('state').execute()).map((s) => s.state))
      .toEqual(Array(5).fill('done'));
  });

  it('takes a job whose node died (lease expired), but not one whose node still holds it', async () => {
    const ran: string[] = [];
    const later = deferred();
    const q = await queue({
      async run(job: Job) {
        ran.push(JSON.parse(job.payload).name);
        if (JSON.parse(job.payload).name === 'last') later.resolve();
      },
      async failed() {},
    });
    const now = Date.now();
    const leftBehind = (name: string, lockedUntil: number) => ({
      id: `0190a0a0-0000-7000-8000-${String(lockedUntil).slice(-12).padStart(12, '0')}`,
      kind: 'test',
      payload: JSON.stringify({ name }),
      state: 'running',
      attempts: 1,
      run_after: now - 10_000,
      locked_by: 'a-dead-node',
      locked_until: lockedUntil,
      error: null,
      created_at: now - 10_000,
      updated_at: now - 10_000,
    });
    await store.db
      .insertInto('jobs')
      .values([leftBehind('expired', now - 1), leftBehind('held', now + 600_000)])
      .execute();
    await q.enqueue(store.db, 'test', { name: 'last' });
    q.start();
    await later.promise;
    expect(ran).toEqual(['expired', 'last']);
    const held = await store.db
      .selectFrom('jobs')
      .selectAll()
      .where('payload', 'like', '%held%')
      .executeTakeFirstOrThrow();
    expect(held).toMatchObject({ state: 'running', locked_by: 'a-dead-node' });
  });

  it('a failing job is marked failed with its reason and its handler is told', async () => {
    const told = deferred<string>();
    const q = await queue({
      async run() {
        throw new Error('ffmpeg exited with 1');
      },
      async failed(_job, reason) {
        told.resolve(reason);
      },
    });
    const id = await q.enqueue(store.db, 'test', {});
    q.start();
    expect(await told.promise).toBe('ffmpeg exited with 1');
    await expect
      .poll(
        async () =>
          (await store.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst())?.state,
      )
      .toBe('failed');
  });
});

describeEachStore('transcodes across restarts', (kind) => {
  let t: TestServer;
  const people = makePeople(() => t);
  afterEach(async () => {
    people.closeAll();
    await t.destroy();
  });

  /** Uploads on a node that transcodes nothing, so the job waits in the store. */
  async function uploadAndStop(): Promise<{ owner: Person; video: Video; dataDir: string }> {
    t = await startTestServer(kind, { configure: noTranscodes });
    const owner = await people.person();
    const res = await uploadVideo(t, tokenOf(owner), await makeClip({ seconds: 2 }));
    expect(res.body.video.state).toBe('processing');
    await t.stop();
    return { owner, video: res.body.video, dataDir: t.dataDir };
  }

  async function restart(dataDir: string) {
    t = await startTestServer(kind, { reuse: { dataDir } });
  }

  it('a job left running by a node that died is taken again once its lock expires, and the owner hears of it', async () => {
    const { owner, video, dataDir } = await uploadAndStop();
    const { db, destroy } = await openBare(kind, dataDir);
    await db
      .updateTable('jobs')
      .set({ state: 'running', locked_by: 'crashed-node', locked_until: Date.now() - 1, attempts: 1 })
      .execute();
    await destroy();
    await restart(dataDir);
    const live = await people.device(owner);
    const ready = live.waitForEvent(
      'video.updated',
      (e) => e.video.id === video.id && e.video.state === 'ready',
    );
    expect((await ready).video).toMatchObject({ state: 'ready', progress: 1 });
    expect((await waitUntilSettled(t, tokenOf(owner), video.id)).state).toBe('ready');
    // The job is marked done just after the video turns ready (the owner hears first).
    await expect
      .poll(() => t.server.ctx.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow(), {
        timeout: 10_000,
      })
      .toMatchObject({ state: 'done', attempts: 2, locked_by: null });
  });

  it('a video still processing from before originals moved into the media storage is transcoded from where it waited', async () => {
    const { owner, video, dataDir } = await uploadAndStop();
    // Where the original of an upload finished by an older version waits: beside the uploads.
    fs.renameSync(
      `${dataDir}/media/videos/${video.id}/original`,
      `${dataDir}/video-uploads/${video.id}.original`,
    );
    await restart(dataDir);
    expect((await waitUntilSettled(t, tokenOf(owner), video.id)).state).toBe('ready');
    // The original goes just after the video turns ready (the owner hears first).
    await expect
      .poll(
        () =>
          storedVideoFiles(t)
            .filter((f) => f.includes(video.id))
            .map((f) => f.split('/').pop()),
        { timeout: 10_000 },
      )
      .toEqual(['poster.jpg', 'preview.mp4', 'stream.mp4']);
  });

  it('a transcode that fails marks the video failed with a reason and tells the owner', async () => {
    const { owner, video, dataDir } = await uploadAndStop();
    // The original is unreadable by the time the job runs (a disk fault, a bad file).
    fs.writeFileSync(`${dataDir}/media/videos/${video.id}/original`, 'garbage');
    await restart(dataDir);
    const live = await people.device(owner);
    const failed = await live.waitForEvent(
      'video.updated',
      (e) => e.video.id === video.id && e.video.state === 'failed',
    );
    expect(failed.video).toMatchObject({ state: 'failed', error: 'TRANSCODE_FAILED', streamUrl: null });
    const job = await t.server.ctx.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/ffmpeg/);
  });
});

async function openBare(kind: 'sqlite' | 'postgres', dataDir: string) {
  const { openStore } = await import('../../../src/platform/db/database');
  const schema =
    kind === 'postgres' ? `t_${dataDir.split('/').pop()?.replace(/\W/g, '_').toLowerCase()}` : undefined;
  const store = await openStore({
    url: kind === 'postgres' ? process.env.LIAO_TEST_PG_URL : undefined,
    dataDir,
    schema,
  });
  return { db: store.db, destroy: () => store.close() };
}
