import { describe, expect, it } from 'vitest';
import { cyclicFolderEdges, serverFolder } from './checkLayers.mjs';

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
