import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_FILTERS } from '../src/features/calls/filters';
import { skinCloseUp, writeY4m } from './filterLab/fakeCamera';
import { buildLab, LAB_PAGE, type LabServer, serveLab } from './filterLab/labServer';
import { launchBrowser, openBrowserFor, type Person, UI_TIMEOUT_MS } from './harness';

// The call filters in a real Chromium (issue 19): the engine runs on the fake camera and the
// test reads the pixels of the track it makes, the one a call sends. The page is built from
// features/calls/filters with the app's vite config and served with the app's CSP, models
// included, from 127.0.0.1 alone.

const WIDTH = 640;
const HEIGHT = 480;

let dir: string;
let lab: LabServer;
let browser: Browser;
let person: Person;
let page: Page;
/** Every URL the page and its workers asked for, as the browser saw them. */
const fetched: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-filters-'));
  const clip = path.join(dir, 'skin.y4m');
  writeY4m(clip, WIDTH, HEIGHT, skinCloseUp(WIDTH, HEIGHT));
  await buildLab(path.join(dir, 'site'));
  lab = await serveLab(path.join(dir, 'site'));
  browser = await launchBrowser({
    args: [
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      // Skin with grain instead of the built-in green pattern: see filterLab/fakeCamera.ts.
      `--use-file-for-fake-video-capture=${clip}`,
    ],
  });
  person = await openBrowserFor(browser);
  page = person.page;
  // The context's requests, which include those of the face tracker's worker.
  person.context.on('request', (request) => fetched.push(request.url()));
  await page.goto(`${lab.url}${LAB_PAGE}`);
  await page.waitForFunction(() => 'lab' in window);
  await page.evaluate((options) => window.lab.start(options), NO_FILTERS);
});

afterAll(async () => {
  await page?.evaluate(() => window.lab.stop()).catch(() => {});
  await browser?.close();
  await lab?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('call filters on the camera', () => {
  it('sends a track of the camera’s size, with frames flowing', async () => {
    const out = await page.evaluate(() => window.lab.grab('output'));
    expect([out.width, out.height]).toEqual([WIDTH, HEIGHT]);
    await page.waitForFunction(() => (window.lab.stats()?.fps ?? 0) > 0, null, { timeout: UI_TIMEOUT_MS });
    // A software GPU on two cores may already have stepped down: any level, but a known one.
    expect(['full', 'reduced', 'minimal']).toContain(await page.evaluate(() => window.lab.stats()?.level));
  });

  it('黑白 turns the coloured camera grey', async () => {
    await page.evaluate(() => window.lab.set({ beauty: 0, look: 'mono', sticker: null }));
    const camera = await page.evaluate(() => window.lab.grab('input'));
    const sent = await page.evaluate(() => window.lab.grab('output'));
    expect(camera.colourSpread).toBeGreaterThan(40);
    // Room for the video path's chroma rounding, which is not the look's doing.
    expect(sent.colourSpread).toBeLessThan(3);
  });

  it('beauty at full strength smooths the skin: less fine detail than the camera sent in', async () => {
    await page.evaluate(() => window.lab.set({ beauty: 1, look: null, sticker: null }));
    const camera = await page.evaluate(() => window.lab.grab('input'));
    const sent = await page.evaluate(() => window.lab.grab('output'));
    expect(sent.detail).toBeLessThan(camera.detail * 0.5);
    // The colours stay: beauty is not a look.
    expect(sent.colourSpread).toBeGreaterThan(camera.colourSpread * 0.8);
  });

  it('a sticker with no face in the picture leaves the frame as it was, and nothing fails', async () => {
    await page.evaluate(() => window.lab.set({ beauty: 0, look: null, sticker: null }));
    await page.evaluate(() => window.lab.grab('output', 'plain'));
    await page.evaluate(() => window.lab.set({ beauty: 0, look: null, sticker: 'catEars' }));
    // Ready once human has loaded both models from our origin and looked at a frame.
    await page.waitForFunction(() => window.lab.stats()?.stickers === 'ready', null, { timeout: 25_000 });
    // Chromium here renders with SwiftShader (--disable-gpu): the tracker runs on tfjs' WebAssembly
    // backend, which started (no fall back to the CPU) under the app's CSP.
    expect((await page.evaluate(() => window.lab.stats()))?.stickerBackend).toEqual({
      backend: 'wasm',
      fellBackFrom: [],
    });
    await page.evaluate(() => window.lab.grab('output', 'withSticker'));
    expect(await page.evaluate(() => window.lab.difference('plain', 'withSticker'))).toBeLessThan(1);
    const models = lab.requests.filter((p) => p.startsWith('/vendor/human/')).sort();
    expect(models).toEqual([
      '/vendor/human/blazeface.bin',
      '/vendor/human/blazeface.json',
      '/vendor/human/facemesh.bin',
      '/vendor/human/facemesh.json',
    ]);
    // Chromium has WebAssembly SIMD and, without cross-origin isolation, no threads: the SIMD
    // build, from our own origin, and nothing else from anywhere else.
    expect(lab.requests.filter((p) => p.endsWith('.wasm'))).toEqual([
      '/vendor/tfjs/tfjs-backend-wasm-simd.wasm',
    ]);
    const wasm = fetched.filter((url) => url.endsWith('.wasm'));
    expect(wasm).toEqual([`${lab.url}/vendor/tfjs/tfjs-backend-wasm-simd.wasm`]);
    expect(fetched.filter((url) => !/^(blob|data):/.test(url) && new URL(url).origin !== lab.url)).toEqual(
      [],
    );
    expect((await page.evaluate(() => window.lab.stats()))?.fps).toBeGreaterThan(0);
    expect(person.problems).toEqual([]);
  });

  it('without MediaStreamTrackProcessor (Safari, Firefox) the <video> way sends filtered frames too', async () => {
    await page.evaluate(() =>
      window.lab.start({ beauty: 0, look: 'mono', sticker: null }, { withoutTrackProcessor: true }),
    );
    const sent = await page.evaluate(() => window.lab.grab('output'));
    expect([sent.width, sent.height]).toEqual([WIDTH, HEIGHT]);
    expect(sent.colourSpread).toBeLessThan(3);
    await page.waitForFunction(() => (window.lab.stats()?.fps ?? 0) > 0, null, { timeout: UI_TIMEOUT_MS });
    expect(person.problems).toEqual([]);
  });
});
