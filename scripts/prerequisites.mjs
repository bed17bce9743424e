#!/usr/bin/env node
// What Liao's tests need from the machine besides Node.js, found before any suite runs: `npm
// test` and CI (.ci/run) both begin here. Where something is missing it is installed when that
// can be done without asking (root, with apt); otherwise the run stops at once, naming the
// exact command for this platform, instead of failing deep inside a suite with ENOENT.
//
// Plain JavaScript with no dependencies: CI runs it before `npm ci`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * @typedef {object} Need
 * @property {string} name what the person is told is missing
 * @property {string} why which tests need it
 * @property {(env: NodeJS.ProcessEnv, platform: NodeJS.Platform) => boolean} found
 * @property {{ apt: string[], brew: string[], winget: string[] }} packages
 */

/** Debian's font files the screenshots need (elsewhere the system's own CJK and emoji fonts serve). */
const FONT_FILES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf',
];

/** @type {Need[]} */
export const NEEDS = [
  {
    name: 'ffmpeg and ffprobe',
    why: 'video uploads (probe and transcode) and the camera feed that scans the sign-in QR code',
    found: (env) => findBinary('ffmpeg', env) !== null && findBinary('ffprobe', env) !== null,
    packages: { apt: ['ffmpeg'], brew: ['ffmpeg'], winget: ['Gyan.FFmpeg'] },
  },
  {
    name: 'chromium',
    why: 'the end-to-end tests, which drive the web app in a real browser',
    found: (env) =>
      env.LIAO_CHROMIUM ? isExecutable(env.LIAO_CHROMIUM) : findBinary('chromium', env) !== null,
    packages: { apt: ['chromium'], brew: ['--cask', 'chromium'], winget: ['Hibbiki.Chromium'] },
  },
  {
    name: 'CJK and emoji fonts',
    why: 'screenshots that show Chinese and emoji as glyphs, not boxes',
    found: (_env, platform) => platform !== 'linux' || FONT_FILES.every((file) => fs.existsSync(file)),
    packages: { apt: ['fonts-noto-cjk', 'fonts-noto-color-emoji'], brew: [], winget: [] },
  },
  {
    name: 'nginx',
    why: 'the cluster suite, which puts nginx in front of three nodes',
    found: (env) => findBinary('nginx', env) !== null,
    packages: { apt: ['nginx'], brew: ['nginx'], winget: ['nginxinc.nginx'] },
  },
  {
    name: 'redis-server',
    why: 'the cluster suite, which runs a Redis of its own and kills it',
    found: (env) => findBinary('redis-server', env) !== null,
    packages: { apt: ['redis-server'], brew: ['redis'], winget: ['Redis.Redis'] },
  },
  {
    name: 'turnserver (coturn)',
    why: 'the call tests, which relay media through a coturn of their own (no Windows package: run them in WSL)',
    found: (env) => findBinary('turnserver', env) !== null,
    packages: { apt: ['coturn'], brew: ['coturn'], winget: [] },
  },
];

/** Where the system keeps daemons: not on every user's PATH (Debian's), but where nginx lives. */
const SBIN = ['/usr/sbin', '/sbin', '/usr/local/sbin'];

/** The executable `name` on PATH (or in the sbin folders), or null. */
export function findBinary(name, env = process.env) {
  const dirs = [...(env.PATH ?? '').split(path.delimiter), ...SBIN];
  const names = process.platform === 'win32' ? [`${name}.exe`, name] : [name];
  for (const dir of dirs) {
    if (!dir) continue;
    for (const file of names.map((n) => path.join(dir, n))) if (isExecutable(file)) return file;
  }
  return null;
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The needs this machine lacks. */
export function missingNeeds(env = process.env, platform = process.platform) {
  return NEEDS.filter((need) => !need.found(env, platform));
}

/** The command that installs `needs` on `platform`, or null where there is none to give. */
export function installCommand(needs, platform = process.platform) {
  if (platform === 'darwin') {
    const formulae = needs.flatMap((n) => (n.packages.brew[0] === '--cask' ? [] : n.packages.brew));
    const casks = needs.flatMap((n) => (n.packages.brew[0] === '--cask' ? n.packages.brew.slice(1) : []));
    return [
      formulae.length ? `brew install ${formulae.join(' ')}` : '',
      casks.length ? `brew install --cask ${casks.join(' ')}` : '',
    ]
      .filter(Boolean)
      .join(' && ');
  }
  if (platform === 'win32') {
    const ids = needs.flatMap((n) => n.packages.winget);
    return ids.length ? ids.map((id) => `winget install --id ${id}`).join(' && ') : null;
  }
  const apt = needs.flatMap((n) => n.packages.apt);
  return `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${apt.join(' ')}`;
}

/** Installs with apt where this process may (root, apt-get present, not told otherwise). */
function canInstall(env) {
  return (
    process.platform === 'linux' &&
    env.LIAO_INSTALL_PREREQUISITES !== '0' &&
    typeof process.getuid === 'function' &&
    process.getuid() === 0 &&
    findBinary('apt-get', env) !== null
  );
}

function install(needs) {
  const packages = needs.flatMap((n) => n.packages.apt);
  console.log(`prerequisites: installing ${packages.join(' ')} with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0;
  return run(['update', '-qq']) && run(['install', '-y', '-qq', '--no-install-recommends', ...packages]);
}

function main() {
  let missing = missingNeeds();
  if (missing.length > 0 && canInstall(process.env)) {
    install(missing);
    missing = missingNeeds();
  }
  if (missing.length === 0) {
    console.log('prerequisites: ffmpeg, chromium, fonts, nginx, redis-server and turnserver found');
    return 0;
  }
  console.error('Liao’s tests need these on the machine, and they are missing:');
  for (const need of missing) console.error(`  - ${need.name}: ${need.why}`);
  const command = installCommand(missing);
  if (command) console.error(`Install them with:\n  ${command}\nthen run npm test again.`);
  console.error('(Chromium elsewhere than on PATH: set LIAO_CHROMIUM to its path.)');
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main();
}
