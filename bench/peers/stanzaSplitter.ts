const LT = 0x3c; // <
const GT = 0x3e; // >
const SLASH = 0x2f; // /
const QUESTION = 0x3f; // ?
const SINGLE_QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;

/** What the splitter hands on: the stream's opening tag, one whole stanza, or the stream's end. */
export type StreamPiece = { kind: 'open'; raw: Buffer } | { kind: 'stanza'; raw: Buffer } | { kind: 'close' };

/**
 * Cuts an XMPP stream into its top-level elements without parsing them, so that the load
 * generator spends its CPU on the load and not on XML.
 *
 * Counting `<` and `>` is enough because RFC 6120 §11.1 forbids in an XMPP stream the things
 * that would break the count: comments, processing instructions (the XML declaration aside),
 * DTDs and entity references other than the predefined ones; and it requires `<`, `>`, `&`,
 * `'` and `"` to be escaped in character data and attribute values. So every `<` starts a tag
 * and the tag ends at the next `>`. Quotes are still tracked inside a tag, which costs little and
 * keeps the count right should a server leave a `>` unescaped in an attribute value. Neither
 * ejabberd nor Prosody writes CDATA sections, the one construct this does not handle. Bytes
 * are scanned, not decoded: `<` and `>` never occur inside a UTF-8 multi-byte sequence.
 */
export class StanzaSplitter {
  private buf: Buffer = Buffer.alloc(0);
  /** Where scanning resumes in `buf`. */
  private pos = 0;
  /** Where the stanza being read starts in `buf`, or -1 between stanzas. */
  private start = -1;
  /** Nesting: 0 before the stream opens, 1 inside it between stanzas, 2+ inside a stanza. */
  private depth = 0;

  constructor(private readonly emit: (piece: StreamPiece) => void) {}

  /** Feeds the next chunk read from the socket; emits every piece it completes. */
  push(chunk: Buffer): void {
    if (this.buf.length === this.pos && this.start < 0) {
      this.buf = chunk;
      this.pos = 0;
    } else {
      // Keep only what is still needed: the unfinished stanza, or the unscanned tail.
      const keep = this.start >= 0 ? this.start : this.pos;
      this.buf = Buffer.concat([this.buf.subarray(keep), chunk]);
      this.pos -= keep;
      if (this.start >= 0) this.start -= keep;
    }
    this.scan();
  }

  /** Forgets everything read so far: a stream restart after SASL success starts afresh. */
  reset(): void {
    this.buf = Buffer.alloc(0);
    this.pos = 0;
    this.start = -1;
    this.depth = 0;
  }

  private scan(): void {
    const buf = this.buf;
    while (this.pos < buf.length) {
      const lt = buf.indexOf(LT, this.pos);
      if (lt < 0) {
        this.pos = buf.length;
        return;
      }
      const gt = tagEnd(buf, lt + 1);
      if (gt < 0) {
        this.pos = lt; // the tag is cut off: wait for the rest
        return;
      }
      this.pos = gt + 1;
      const second = buf[lt + 1];
      if (second === QUESTION) {
        // the XML declaration
      } else if (second === SLASH) {
        this.depth--;
        if (this.depth === 1) this.finishStanza(gt);
        else if (this.depth === 0) this.emit({ kind: 'close' });
      } else if (this.depth === 0) {
        this.depth = 1;
        this.emit({ kind: 'open', raw: buf.subarray(lt, gt + 1) });
      } else if (this.depth === 1) {
        this.start = lt;
        if (buf[gt - 1] === SLASH) this.finishStanza(gt);
        else this.depth = 2;
      } else if (buf[gt - 1] !== SLASH) {
        this.depth++;
      }
      // The handler may have reset the splitter (stream restart): stop reading the old buffer.
      if (this.buf !== buf) return;
    }
  }

  private finishStanza(gt: number): void {
    const raw = this.buf.subarray(this.start, gt + 1);
    this.start = -1;
    this.emit({ kind: 'stanza', raw });
  }
}

/** Index of the `>` that closes the tag whose name starts at `from`, skipping quoted values; -1 if not yet read. */
function tagEnd(buf: Buffer, from: number): number {
  let quote = 0;
  for (let i = from; i < buf.length; i++) {
    const c = buf[i];
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === GT) {
      return i;
    } else if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE) {
      quote = c;
    }
  }
  return -1;
}
