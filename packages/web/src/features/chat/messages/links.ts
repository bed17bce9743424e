import { LinkifyIt } from 'linkify-it';

/** A piece of message text: plain text, or a link that is safe to open (http and https only). */
export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// linkify-it finds http(s) URLs and bare domains ("www.bilibili.com", "github.com/liao") and
// knows where a sentence's punctuation ends them. Every other scheme it knows is switched off:
// only http and https ever become links; `javascript:` and the rest stay text.
const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: false, fuzzyIP: false })
  .add('ftp:', null)
  .add('mailto:', null)
  .add('//', null)
  // Common newer endings people paste (two-letter ones such as .io and .cn are known already).
  .tlds(['app', 'dev', 'xyz', 'top', 'site', 'online', 'tech', 'chat', 'video', 'live', 'club'], true);

// Chinese, Japanese and Korean text runs into a URL without a space ("看github.com/liao吧",
// "链接https://b23.tv/x。"). linkify-it would take the characters around it as part of an
// international domain, or refuse a scheme that follows a letter. Seen as spaces (same length,
// so positions stay true), they end a link as a space would. Domains written in Chinese
// characters are rare enough to stay text.
const CJK =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}\u3000-\u303f\uff00-\uffef]+/gu;

/** Splits text into plain parts and http(s) links, in order; joined, the parts are the text. */
export function splitLinks(text: string): TextPart[] {
  const masked = text.replace(CJK, (run) => ' '.repeat(run.length));
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of linkify.match(masked) ?? []) {
    const raw = text.slice(match.index, match.lastIndex);
    const href = hrefOf(raw, match.schema);
    if (href === null) continue;
    if (match.index > last) parts.push({ kind: 'text', text: text.slice(last, match.index) });
    parts.push({ kind: 'link', text: raw, href });
    last = match.lastIndex;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** Where a found link goes: a bare domain over https, an http(s) URL as written; null for anything else. */
function hrefOf(raw: string, schema: string): string | null {
  const scheme = schema.toLowerCase();
  if (scheme !== '' && scheme !== 'http:' && scheme !== 'https:') return null;
  const href = scheme === '' ? `https://${raw}` : raw;
  try {
    const parsed = new URL(href);
    const safe = (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
    return safe ? href : null;
  } catch {
    return null;
  }
}
