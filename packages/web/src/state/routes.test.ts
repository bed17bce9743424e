import { describe, expect, it } from 'vitest';
import { formatPath, parsePath, type Route } from './routes';

const ID = '01964f5e-8b1c-7a2b-9c3d-0123456789ab';

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
    ];
    for (const route of routes) {
      for (const phoneForced of [false, true]) {
        expect(parsePath(formatPath(route, phoneForced))).toEqual({ route, phoneForced });
      }
    }
  });
});
