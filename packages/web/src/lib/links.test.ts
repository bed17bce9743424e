import { describe, expect, it } from 'vitest';
import { splitLinks } from './links';

describe('splitLinks', () => {
  it('makes http and https URLs links and keeps the rest as text', () => {
    expect(splitLinks('看 https://example.com/a?b=1，好吗')).toEqual([
      { kind: 'text', text: '看 ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: '，好吗' },
    ]);
  });

  it('leaves javascript: and other schemes as plain text', () => {
    const text = 'javascript:alert(1) data:text/html,<b>x</b> <script>alert(1)</script>';
    expect(splitLinks(text)).toEqual([{ kind: 'text', text }]);
  });

  it('keeps sentence punctuation out of the link', () => {
    expect(splitLinks('see http://a.io.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'http://a.io', href: 'http://a.io' },
      { kind: 'text', text: '.' },
    ]);
  });
});
