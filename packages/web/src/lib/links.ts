/** A piece of message text: plain text, or a link that is safe to open (http and https only). */
export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// Only http(s) URLs become links; `javascript:` and every other scheme stay plain text.
const URL_PATTERN = /https?:\/\/[^\s<>"'，。！？、；：）】》]+/giu;
// Trailing punctuation usually ends the sentence, not the URL.
const TRAILING = /[.,!?;:)\]}]+$/u;

/** Splits text into plain parts and http(s) links, in order; joined, the parts are the text. */
export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index;
    const url = match[0].replace(TRAILING, '');
    if (!isSafeUrl(url)) continue;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'link', text: url, href: url });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

function isSafeUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}
