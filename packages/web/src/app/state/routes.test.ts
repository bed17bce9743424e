import { QR_PATH_PREFIX, qrCodeFromText } from '@liao/protocol';
import { describe, expect, it } from 'vitest';
import { formatPath, parsePath, type Route } from './routes';

const ID = '01964f5e-8b1c-7a2b-9c3d-0123456789ab';
const CODE = 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MC1fYWJjZGVmZ2g';

describe('routes and URLs', () => {
  it('reads every page from its path', () => {
    expect(parsePath('/')).toEqual({ route: { name: 'messages' }, phoneForced: false });
    expect(parsePath('/signin').route).toEqual({ name: 'signIn' });
    expect(parsePath('/friends/new').route).toEqual({ name: 'friends', pane: { kind: 'new' } });
    expect(parsePath('/friends/groups').route).toEqual({ name: 'friends', pane: { kind: 'groups' } });
    expect(parsePath(`/friends/${ID}`).route).toEqual({
      name: 'friends',
      pane: { kind: 'contact', userId: ID },
    });
    expect(parsePath('/settings/devices/').route).toEqual({ name: 'settings', section: 'devices' });
  });

  it('forces the phone layout under /m', () => {
    expect(parsePath('/m')).toEqual({ route: { name: 'messages' }, phoneForced: true });
    expect(parsePath('/m/friends/add')).toEqual({
      route: { name: 'friends', pane: { kind: 'add' } },
      phoneForced: true,
    });
    expect(parsePath('/mine').phoneForced).toBe(false);
  });

  it('sends unknown paths to Messages instead of a dead end', () => {
    expect(parsePath('/nope').route).toEqual({ name: 'messages' });
    expect(parsePath('/friends/<script>').route).toEqual({ name: 'friends', pane: { kind: 'none' } });
    expect(parsePath('/settings/whatever').route).toEqual({ name: 'settings', section: null });
  });

  it('writes the path each route was read from', () => {
    const routes: Route[] = [
      { name: 'signIn' },
      { name: 'signUp' },
      { name: 'messages' },
      { name: 'friends', pane: { kind: 'none' } },
      { name: 'friends', pane: { kind: 'add' } },
      { name: 'friends', pane: { kind: 'groups' } },
      { name: 'friends', pane: { kind: 'contact', userId: ID } },
      { name: 'settings', section: null },
      { name: 'settings', section: 'general' },
      { name: 'videos', tab: 'feed' },
      { name: 'videos', tab: 'mine' },
      { name: 'qrScan' },
      { name: 'qrConfirm', code: CODE },
    ];
    const phoneOnly = new Set(['qrScan', 'qrConfirm']);
    for (const route of routes) {
      for (const phoneForced of [false, true]) {
        expect(parsePath(formatPath(route, phoneForced))).toEqual({
          route,
          phoneForced: phoneForced || phoneOnly.has(route.name),
        });
      }
    }
  });

  it("reads the videos page: friends' videos at /videos, mine at /videos/mine, anything else the feed", () => {
    expect(parsePath('/videos').route).toEqual({ name: 'videos', tab: 'feed' });
    expect(parsePath('/m/videos/mine')).toEqual({
      route: { name: 'videos', tab: 'mine' },
      phoneForced: true,
    });
    expect(parsePath('/videos/whatever').route).toEqual({ name: 'videos', tab: 'feed' });
  });

  it("opens the phone's Scan and Confirm pages under /m at any width", () => {
    expect(parsePath('/m/scan')).toEqual({ route: { name: 'qrScan' }, phoneForced: true });
    expect(parsePath(`/m/qr/${CODE}`)).toEqual({
      route: { name: 'qrConfirm', code: CODE },
      phoneForced: true,
    });
    expect(parsePath(`/qr/${CODE}`).phoneForced).toBe(true);
    expect(formatPath({ name: 'qrScan' }, false)).toBe('/m/scan');
  });

  it("reads the code from the URL a desktop's QR shows (what a system camera opens)", () => {
    const qrUrl = `https://liao.example${QR_PATH_PREFIX}${CODE}`;
    expect(formatPath({ name: 'qrConfirm', code: CODE }, false)).toBe(`${QR_PATH_PREFIX}${CODE}`);
    expect(parsePath(new URL(qrUrl).pathname).route).toEqual({
      name: 'qrConfirm',
      code: qrCodeFromText(qrUrl),
    });
  });

  it('sends a malformed sign-in code to Scan, never to a confirm page', () => {
    expect(parsePath('/m/qr/short').route).toEqual({ name: 'qrScan' });
    expect(parsePath(`/m/qr/${CODE.slice(1)}!`).route).toEqual({ name: 'qrScan' });
    expect(parsePath(`/m/qr/${CODE}/more`).route).toEqual({ name: 'messages' });
  });
});
