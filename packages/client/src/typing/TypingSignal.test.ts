import { TYPING_REPEAT_MS } from '@liao/protocol';
import { describe, expect, it } from 'vitest';
import { TypingSignal } from './TypingSignal';

function harness() {
  let clock = 1_000_000;
  const sent: Array<[string, boolean]> = [];
  const signal = new TypingSignal(
    (conversationId, stopped) => sent.push([conversationId, stopped]),
    () => clock,
  );
  return { signal, sent, advance: (ms: number) => (clock += ms) };
}

describe('TypingSignal', () => {
  it('says "typing" at the first keystroke, then at most once per repeat interval', () => {
    const { signal, sent, advance } = harness();
    // Forty keystrokes 100 ms apart: four seconds of typing.
    for (let i = 0; i < 40; i++) {
      signal.typing('c1');
      advance(100);
    }
    expect(sent).toEqual([
      ['c1', false],
      ['c1', false],
    ]);
    expect(TYPING_REPEAT_MS).toBeLessThanOrEqual(4000);
  });

  it('says "stopped" once, and only after a start', () => {
    const { signal, sent } = harness();
    signal.stopped('c1');
    expect(sent).toEqual([]);
    signal.typing('c1');
    signal.stopped('c1');
    signal.stopped('c1');
    expect(sent).toEqual([
      ['c1', false],
      ['c1', true],
    ]);
  });

  it('typing again right after stopping says so at once', () => {
    const { signal, sent, advance } = harness();
    signal.typing('c1');
    signal.stopped('c1');
    advance(10);
    signal.typing('c1');
    expect(sent.at(-1)).toEqual(['c1', false]);
    expect(sent).toHaveLength(3);
  });

  it('keeps each chat apart, and reset forgets without a word', () => {
    const { signal, sent } = harness();
    signal.typing('c1');
    signal.typing('c2');
    signal.typing('c1');
    expect(sent).toEqual([
      ['c1', false],
      ['c2', false],
    ]);
    signal.reset();
    signal.stopped('c1');
    expect(sent).toHaveLength(2);
  });
});
