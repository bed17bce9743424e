import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLayers, cyclicFolderEdges, serverFolder, webFolder } from './checkLayers.mjs';

describe('the layering check of server folders', () => {
  it('reads a module’s folder under the server’s src', () => {
    expect(serverFolder('packages/server/src/chat/messages/writer.ts')).toBe('chat/messages');
    expect(serverFolder('packages/server/src/platform/db/migrations/0010-create-accounts.ts')).toBe(
      'platform/db',
    );
    expect(serverFolder('packages/server/src/platform/config.ts')).toBe('platform');
    expect(serverFolder('packages/server/src/ops/metrics.ts')).toBe('ops');
    expect(serverFolder('packages/server/src/app.ts')).toBeNull();
    expect(serverFolder('packages/protocol/src/index.ts')).toBeNull();
  });

  it('finds every dependency that lies on a cycle, and none that does not', () => {
    const edges = [
      ['messages', 'conversations'],
      ['conversations', 'messages'],
      ['conversations', 'db'],
      ['messages', 'db'],
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
      ['c', 'db'],
    ];
    expect(cyclicFolderEdges(edges)).toEqual([
      'a → b',
      'b → c',
      'c → a',
      'conversations → messages',
      'messages → conversations',
    ]);
  });

  it('counts a dependency once however many imports make it', () => {
    expect(
      cyclicFolderEdges([
        ['x', 'y'],
        ['x', 'y'],
        ['y', 'x'],
      ]),
    ).toEqual(['x → y', 'y → x']);
  });
});

/** A tree holding these files under `under` (path → its imports), checked. */
function problemsIn(under, files) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-layers-'));
  try {
    fs.copyFileSync(
      path.join(import.meta.dirname, '../tsconfig.base.json'),
      path.join(root, 'tsconfig.base.json'),
    );
    for (const [file, imports] of Object.entries(files)) {
      const full = path.join(root, under, file);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      const lines = imports.map((target, i) => `import { x as x${i} } from '${target}';`);
      fs.writeFileSync(full, `${lines.join('\n')}\nexport const x = 1;\n`);
    }
    return checkLayers(root).problems;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

// Each check cruises a tree of its own: a few seconds on a busy machine.
describe('the layer rules, on a made-up server tree', { timeout: 30_000 }, () => {
  const problemsOf = (files) => problemsIn('packages/server/src', files);

  const base = {
    'platform/db/database.ts': [],
    'identity/accounts/index.ts': ['./rules'],
    'identity/accounts/rules.ts': ['../../platform/db/database'],
    'chat/messages/index.ts': ['./rules'],
    'chat/messages/rules.ts': ['../../identity/accounts'],
  };

  it('passes a tree that keeps them', () => {
    expect(problemsOf(base)).toEqual([]);
  });

  it('names the rule a lower layer breaks by importing a higher one', () => {
    const problems = problemsOf({ ...base, 'platform/bus/eventBus.ts': ['../../chat/messages'] });
    expect(problems).toEqual([
      expect.stringMatching(
        /^platform-knows-no-domain: .*platform\/bus\/eventBus.ts → .*chat\/messages\/index.ts$/,
      ),
    ]);
    expect(problemsOf({ ...base, 'identity/sessions/rules.ts': ['../../chat/messages'] })).toEqual([
      expect.stringMatching(/^identity-uses-only-the-platform: /),
    ]);
  });

  it('refuses a domain reaching past another domain’s index, but not into its own files', () => {
    const problems = problemsOf({ ...base, 'features/videos/rules.ts': ['../../chat/messages/rules'] });
    expect(problems).toEqual([
      expect.stringMatching(/^domains-meet-through-their-index: .*videos\/rules.ts → /),
    ]);
  });

  it('refuses two domains that use each other', () => {
    const problems = problemsOf({
      ...base,
      'social/friends/index.ts': ['../presence'],
      'social/presence/index.ts': ['../friends'],
    });
    expect(problems.sort()).toEqual([
      'no-cycles-between-server-folders: packages/server/src/social/friends → social/presence',
      'no-cycles-between-server-folders: packages/server/src/social/presence → social/friends',
    ]);
  });
});

describe('the layering check of web folders', () => {
  it('reads a module’s feature, or entities/, and nothing else', () => {
    expect(webFolder('packages/web/src/features/chat/list/MessagesScreen.tsx')).toBe('features/chat');
    expect(webFolder('packages/web/src/entities/people.ts')).toBe('entities');
    expect(webFolder('packages/web/src/app/state/store.ts')).toBeNull();
    expect(webFolder('packages/web/src/ui/Avatar.tsx')).toBeNull();
  });
});

describe('the web rules, on a made-up web tree', { timeout: 30_000 }, () => {
  const problemsOf = (files) => problemsIn('packages/web/src', files);

  // The store knows every slice and every feature reads it: no dependency between features.
  const base = {
    'app/state/store.ts': ['../../features/chat/chatsSlice', '../../features/groups/groupsSlice'],
    'ui/Avatar.ts': [],
    'entities/people.ts': ['../app/state/store', '../ui/Avatar'],
    'features/chat/chatsSlice.ts': [],
    'features/chat/index.ts': ['./list/MessagesScreen'],
    'features/chat/list/MessagesScreen.ts': [
      '../../../app/state/store',
      '../../groups',
      '../../../entities/people',
    ],
    'features/groups/groupsSlice.ts': [],
    'features/groups/index.ts': ['./GroupInfo'],
    'features/groups/GroupInfo.ts': ['../../app/state/store', '../../entities/people'],
    'layouts/Shell.ts': ['../features/chat'],
    'app/App.ts': ['../layouts/Shell', '../features/groups'],
  };

  it('passes a tree that keeps them', () => {
    expect(problemsOf(base)).toEqual([]);
  });

  it('refuses two features that use each other, however far round', () => {
    expect(problemsOf({ ...base, 'features/groups/GroupsList.ts': ['../chat'] }).sort()).toEqual([
      'no-cycles-between-web-features: packages/web/src/features/chat → features/groups',
      'no-cycles-between-web-features: packages/web/src/features/groups → features/chat',
    ]);
    expect(
      problemsOf({
        ...base,
        'features/groups/GroupsList.ts': ['../search'],
        'features/search/index.ts': ['../chat'],
      }),
    ).toHaveLength(3);
  });

  it('refuses entities/ importing a feature, a layout or the shell, but not the store or the strings', () => {
    // (Into a feature that uses entities/, it would be a cycle as well.)
    expect(
      problemsOf({
        ...base,
        'entities/faces.ts': ['../features/settings/devicesSlice'],
        'features/settings/devicesSlice.ts': [],
      }),
    ).toEqual([
      expect.stringMatching(/^entities-know-no-feature: .*entities\/faces.ts → .*settings\/devicesSlice.ts$/),
    ]);
    expect(problemsOf({ ...base, 'entities/faces.ts': ['../app/App'], 'app/App.ts': [] })).toEqual([
      expect.stringMatching(/^entities-know-no-feature: /),
    ]);
    expect(problemsOf({ ...base, 'entities/faces.ts': ['../app/i18n/en'], 'app/i18n/en.ts': [] })).toEqual(
      [],
    );
  });

  it('refuses ui/ importing entities/', () => {
    expect(problemsOf({ ...base, 'ui/Row.ts': ['../entities/people'] })).toEqual([
      expect.stringMatching(/^ui-imports-no-feature-or-app: .*ui\/Row.ts → /),
    ]);
  });

  it('refuses a feature, a layout or the shell reaching past a feature’s index, but not into its own files', () => {
    expect(problemsOf({ ...base, 'features/groups/GroupsList.ts': ['./GroupInfo'] })).toEqual([]);
    expect(
      problemsOf({
        ...base,
        'features/chat/ChatScreen.ts': ['../groups/GroupInfo', './list/MessagesScreen'],
      }),
    ).toEqual([expect.stringMatching(/^web-features-meet-through-their-index: .*chat\/ChatScreen.ts → /)]);
    expect(problemsOf({ ...base, 'layouts/Phone.ts': ['../features/chat/list/MessagesScreen'] })).toEqual([
      expect.stringMatching(/^web-features-meet-through-their-index: .*layouts\/Phone.ts → /),
    ]);
    expect(problemsOf({ ...base, 'app/Habits.ts': ['../features/groups/GroupInfo'] })).toEqual([
      expect.stringMatching(/^web-features-meet-through-their-index: .*app\/Habits.ts → /),
    ]);
  });

  it('lets the store and the strings take a feature’s slice and strings from their files', () => {
    expect(
      problemsOf({
        ...base,
        'app/state/createAppStore.ts': ['../../features/groups/groupsSlice'],
        'app/i18n/en.ts': ['../../features/groups/en.groups'],
        'features/groups/en.groups.ts': [],
      }),
    ).toEqual([]);
  });
});
