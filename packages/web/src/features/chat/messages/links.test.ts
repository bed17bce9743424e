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

describe('splitLinks: bare domains', () => {
  const link = (text: string, href = `https://${text}`) => ({ kind: 'link', text, href });

  it('makes www. and bare domains links over https, as written', () => {
    expect(splitLinks('www.bilibili.com')).toEqual([link('www.bilibili.com')]);
    expect(splitLinks('代码在 github.com/liao 上')).toEqual([
      { kind: 'text', text: '代码在 ' },
      link('github.com/liao'),
      { kind: 'text', text: ' 上' },
    ]);
  });

  it('ends a link where Chinese text runs into it, on either side', () => {
    expect(splitLinks('看github.com/liao吧')).toEqual([
      { kind: 'text', text: '看' },
      link('github.com/liao'),
      { kind: 'text', text: '吧' },
    ]);
    expect(splitLinks('链接https://b23.tv/x。（www.qq.com）')).toEqual([
      { kind: 'text', text: '链接' },
      link('https://b23.tv/x', 'https://b23.tv/x'),
      { kind: 'text', text: '。（' },
      link('www.qq.com'),
      { kind: 'text', text: '）' },
    ]);
  });

  it('keeps ftp, protocol-relative and e-mail addresses as text, and words with dots that are not domains', () => {
    for (const text of [
      'ftp://x.com/a',
      '//x.com/a',
      'mail a@b.com',
      'v1.2.3 and file.txt',
      'mailto:a@b.com',
    ]) {
      expect(splitLinks(text), text).toEqual([{ kind: 'text', text }]);
    }
  });
});
