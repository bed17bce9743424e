import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installCommand, NEEDS } from './prerequisites.mjs';

const SCRIPT = path.join(import.meta.dirname, 'prerequisites.mjs');

/** A PATH holding node and nothing else: ffmpeg, ffprobe, chromium, redis-server and turnserver are hidden. */
function bareBin() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-bare-path-'));
  fs.symlinkSync(process.execPath, path.join(dir, 'node'));
  return dir;
}

describe('the prerequisite step of npm test and CI', () => {
  it('names what is hidden from PATH and the command that installs it, and stops before any suite', () => {
    const bin = bareBin();
    try {
      const run = spawnSync(path.join(bin, 'node'), [SCRIPT], {
        env: { PATH: bin, HOME: os.tmpdir(), LIAO_INSTALL_PREREQUISITES: '0' },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('ffmpeg and ffprobe:');
      expect(run.stderr).toContain('chromium:');
      expect(run.stderr).toContain('turnserver (coturn):');
      if (process.platform === 'linux')
        expect(run.stderr).toMatch(
          /sudo apt-get install -y --no-install-recommends .*ffmpeg.*chromium.*coturn/,
        );
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  it('gives each platform its own command', () => {
    const ffmpegAndChromium = NEEDS.filter((n) => n.name.startsWith('ffmpeg') || n.name === 'chromium');
    expect(installCommand(ffmpegAndChromium, 'linux')).toBe(
      'sudo apt-get update && sudo apt-get install -y --no-install-recommends ffmpeg chromium',
    );
    expect(installCommand(ffmpegAndChromium, 'darwin')).toBe(
      'brew install ffmpeg && brew install --cask chromium',
    );
    expect(installCommand(ffmpegAndChromium, 'win32')).toBe(
      'winget install --id Gyan.FFmpeg && winget install --id Hibbiki.Chromium',
    );
  });

  it('installs coturn for turnserver, and names no Windows command for it (there is no package)', () => {
    const coturn = NEEDS.filter((n) => n.name.startsWith('turnserver'));
    expect(coturn).toHaveLength(1);
    expect(installCommand(coturn, 'linux')).toBe(
      'sudo apt-get update && sudo apt-get install -y --no-install-recommends coturn',
    );
    expect(installCommand(coturn, 'darwin')).toBe('brew install coturn');
    expect(installCommand(coturn, 'win32')).toBeNull();
  });
});
