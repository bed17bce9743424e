import { describe, expect, it } from 'vitest';
import { StanzaSplitter, type StreamPiece } from './stanzaSplitter';

const STREAM =
  "<?xml version='1.0'?><stream:stream xmlns='jabber:client' id='x1' version='1.0'>" +
  "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>" +
  "<message from='a@b/c' type='chat'><body>é 1 &lt; 2 &gt; 0</body></message>" +
  '<presence from="r@c/x"/>' +
  "<iq type='result' id='q>1'><query xmlns='jabber:iq:version'><name>x</name></query></iq>" +
  '</stream:stream>';

function split(chunks: Buffer[]): string[] {
  const out: string[] = [];
  const splitter = new StanzaSplitter((piece: StreamPiece) => {
    out.push(piece.kind === 'close' ? 'close' : `${piece.kind}:${piece.raw.toString('utf8')}`);
  });
  for (const chunk of chunks) splitter.push(chunk);
  return out;
}

const EXPECTED = [
  "open:<stream:stream xmlns='jabber:client' id='x1' version='1.0'>",
  "stanza:<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>",
  "stanza:<message from='a@b/c' type='chat'><body>é 1 &lt; 2 &gt; 0</body></message>",
  'stanza:<presence from="r@c/x"/>',
  "stanza:<iq type='result' id='q>1'><query xmlns='jabber:iq:version'><name>x</name></query></iq>",
  'close',
];

describe('StanzaSplitter', () => {
  it('cuts a stream read in one chunk into its opening, stanzas and close', () => {
    expect(split([Buffer.from(STREAM)])).toEqual(EXPECTED);
  });

  it('gives the same pieces when every byte arrives alone (cut tags, cut UTF-8)', () => {
    const bytes = Buffer.from(STREAM);
    expect(split([...bytes].map((b) => Buffer.from([b])))).toEqual(EXPECTED);
  });

  it('starts afresh after a reset from inside a handler (the restart after SASL success)', () => {
    const out: string[] = [];
    const splitter: StanzaSplitter = new StanzaSplitter((piece) => {
      out.push(piece.kind === 'close' ? 'close' : piece.raw.toString());
      if (piece.kind === 'stanza' && piece.raw.includes('<success')) splitter.reset();
    });
    splitter.push(Buffer.from("<stream:stream><success xmlns='s'/><ignored/>"));
    splitter.push(Buffer.from("<stream:stream id='2'><iq/>"));
    expect(out).toEqual(['<stream:stream>', "<success xmlns='s'/>", "<stream:stream id='2'>", '<iq/>']);
  });
});
