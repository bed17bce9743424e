import { describe, expect, it } from 'vitest';
import { newViolations, violationKey } from './checkLayers.mjs';

const rule = { name: 'no-cycles-between-server-folders', severity: 'error' };
const cycle = (...names) => ({
  type: 'cycle',
  from: names.at(-1),
  to: names[0],
  rule,
  cycle: names.map((name) => ({ name, dependencyTypes: [] })),
});

describe('the layering check against the known folder cycles', () => {
  it('knows a cycle whichever folder the report starts it from', () => {
    expect(violationKey(cycle('messages', 'conversations'))).toBe(
      violationKey(cycle('conversations', 'messages')),
    );
    expect(violationKey(cycle('a', 'b', 'c'))).toBe(violationKey(cycle('c', 'a', 'b')));
    // The other way round is another cycle.
    expect(violationKey(cycle('a', 'b', 'c'))).not.toBe(violationKey(cycle('a', 'c', 'b')));
  });

  it('lets the known cycles through and fails on a new one or on any other rule', () => {
    const known = [cycle('conversations', 'messages')];
    const other = {
      type: 'dependency',
      from: 'packages/protocol/src/x.ts',
      to: 'packages/server/src/errors.ts',
      rule: { name: 'protocol-imports-nothing-of-ours', severity: 'error' },
    };
    const fresh = cycle('friends', 'accounts');
    expect(newViolations([cycle('messages', 'conversations'), fresh, other], known)).toEqual([fresh, other]);
  });
});
