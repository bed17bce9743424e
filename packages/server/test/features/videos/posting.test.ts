import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../support/builders';
import { makePeople, type Person } from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http } from '../../support/http';
import { createUpload } from '../../support/videos-fixtures';

const ROOT = path.resolve(import.meta.dirname, '../../../../..');

function tokenOf(p: Person): string {
  return p.client.api.http.token ?? '';
}

/** A folder that holds node and nothing else: as a PATH, it hides ffmpeg and ffprobe. */
function bareBin(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-no-ffmpeg-'));
  fs.symlinkSync(process.execPath, path.join(dir, 'node'));
  return dir;
}

describeEachStore('a server without ffmpeg', (store) => {
  let t: TestServer;
  let withFfmpeg: TestServer;
  const bin = bareBin();
  const people = makePeople(() => t);
  const elsewhere = makePeople(() => withFfmpeg);
  beforeAll(async () => {
    t = await startTestServer(store, {
      configure: (config) => {
        config.videos.toolPath = bin;
      },
    });
    withFfmpeg = await startTestServer(store);
  });
  afterAll(async () => {
    people.closeAll();
    elsewhere.closeAll();
    await t.destroy();
    await withFfmpeg.destroy();
    fs.rmSync(bin, { recursive: true, force: true });
  });

  it('says videos cannot be posted, and refuses an upload with VIDEOS_UNAVAILABLE, making nothing', async () => {
    const a = await people.person();
    expect(await a.client.api.videoPosting()).toEqual({ available: false });
    expectError(await createUpload(t, tokenOf(a), 1000), 503, 'VIDEOS_UNAVAILABLE');
    const uploads = await t.server.ctx.db
      .selectFrom('video_uploads')
      .select('id')
      .where('owner_id', '=', a.id)
      .execute();
    expect(uploads).toEqual([]);
    expect((await a.client.api.listMyVideos()).videos).toEqual([]);
  });

  it('answers only a signed-in person', async () => {
    expectError(await http(t.url, 'GET', '/api/videos/posting'), 401, 'UNAUTHENTICATED');
  });

  it('where ffmpeg runs, videos can be posted', async () => {
    const b = await elsewhere.person();
    expect(await b.client.api.videoPosting()).toEqual({ available: true });
    expect((await createUpload(withFfmpeg, tokenOf(b), 1000)).status).toBe(201);
  });
});

describe('npm start without ffmpeg [sqlite]', () => {
  it('starts, and says in its first lines that videos are off and how to install ffmpeg', async () => {
    const bin = bareBin();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-no-ffmpeg-data-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
      cwd: ROOT,
      env: { PATH: bin, HOME: os.tmpdir(), LIAO_PORT: '0', LIAO_HOST: '127.0.0.1', LIAO_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const read = (chunk: Buffer) => {
          output += chunk.toString();
          if (/Liao is running at[\s\S]*apt-get install ffmpeg[\s\S]*\n\n/.test(output)) resolve();
        };
        child.stdout.on('data', read);
        child.stderr.on('data', read);
        child.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
      });
      const printed = output.slice(output.indexOf('Liao is running at'));
      const lines = printed.split('\n').filter((line) => line.trim() !== '');
      expect(lines[2]).toContain('Videos are off: ffmpeg is not installed on this server');
      expect(printed).toContain('sudo apt-get install ffmpeg');
      expect(printed).toContain('brew install ffmpeg');
      expect(printed).toContain('winget install --id Gyan.FFmpeg');
    } finally {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(bin, { recursive: true, force: true });
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
