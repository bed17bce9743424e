import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { FilterOptions } from '../src/features/calls/filters';
import { portrait, writeY4m } from './filterLab/fakeCamera';
import { buildLab, LAB_PAGE, type LabServer, serveLab } from './filterLab/labServer';
import { launchBrowser, UI_TIMEOUT_MS } from './harness';
import {
  DEVICES,
  type Device,
  LOCALES,
  type Locale,
  STRINGS,
  shoot,
  shotOptions,
  THEMES,
  type Theme,
} from './shots';

// Pictures of the call filter panel over a live preview (the lab page, as a call would lay it
// out), in both languages, both themes, desktop and phone. Opt-in, as the other screenshots:
//   LIAO_SCREENSHOTS=1 npx vitest run --project e2e packages/web/e2e/screenshots-call-filters.test.ts
// They land in packages/web/e2e/screenshots/ (ignored by git).

const CHOICE: FilterOptions = { beauty: 0.6, look: 'cream', sticker: null };

let dir: string;
let lab: LabServer;
let browser: Browser;

describe.runIf(process.env.LIAO_SCREENSHOTS === '1')('call filter screenshots', () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-filter-shots-'));
    const clip = path.join(dir, 'portrait.y4m');
    writeY4m(clip, 640, 480, portrait(640, 480));
    await buildLab(path.join(dir, 'site'));
    lab = await serveLab(path.join(dir, 'site'));
    browser = await launchBrowser({
      args: [
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${clip}`,
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function shot(locale: Locale, theme: Theme, device: Device, eased = false) {
    const context = await browser.newContext(shotOptions(locale, theme, device));
    context.setDefaultTimeout(UI_TIMEOUT_MS);
    try {
      const page = await context.newPage();
      await page.goto(`${lab.url}${LAB_PAGE}`);
      await page.waitForFunction(() => 'lab' in window);
      // The phone shell's class, so the panel's phone rules apply as they would in the app.
      if (device === 'phone') await page.evaluate(() => document.body.classList.add('phone'));
      await page.evaluate(
        async ([options, lang, level]) => {
          await window.lab.start(options);
          window.lab.showPanel(lang, options, level);
        },
        [CHOICE, locale, eased ? 'reduced' : 'full'] as const,
      );
      const strings = STRINGS[locale].callFilters;
      await page.getByRole('radio', { name: strings.lookNames.cream }).waitFor();
      await page.getByRole('radio', { name: strings.stickerNames.crown }).waitFor();
      const name = `web-call-filters${eased ? '-eased' : ''}-${device}-${locale === 'zh-CN' ? 'zh' : 'en'}-${theme}`;
      await shoot(page, name);
    } finally {
      await context.close();
    }
  }

  for (const locale of LOCALES) {
    for (const theme of THEMES) {
      for (const device of Object.keys(DEVICES) as Device[]) {
        it(`the panel over the preview: ${locale}, ${theme}, ${device}`, () => shot(locale, theme, device));
      }
    }
  }

  it('the panel saying effects were eased', () => shot('zh-CN', 'light', 'phone', true));
});
