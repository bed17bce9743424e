import type { TFunction } from 'i18next';
import type { ChatQuote } from './chatModel';

/**
 * What a reply's quote says of the message it answers, on one line: the text's beginning,
 * "[图片]", "[视频] caption" (its comment when the caption is not known), or "[视频] 该视频已不可用".
 */
export function quoteText(quote: ChatQuote, t: TFunction): string {
  const line = (s: string) => s.replace(/\s+/g, ' ').trim();
  switch (quote.kind) {
    case 'text':
      return line(quote.excerpt);
    case 'image':
      return t('reply.image');
    case 'video': {
      if (!quote.available) return `${t('reply.video')} ${t('videoChat.unavailable')}`;
      const words = line(quote.caption || quote.excerpt);
      return words ? `${t('reply.video')} ${words}` : t('reply.video');
    }
    case 'unknown':
      return t('reply.unknown');
  }
}
