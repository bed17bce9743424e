import net from 'node:net';
import { StanzaSplitter, type StreamPiece } from './stanzaSplitter';

/** Where a connection goes: the peer's c2s listener and the domain its accounts live in. */
export interface XmppEndpoint {
  host: string;
  port: number;
  domain: string;
}

/** How long any one setup step (connect, register, auth, bind, join) may take before it fails. */
const STEP_TIMEOUT_MS = 30_000;

interface Waiter {
  match: (stanza: string) => boolean;
  resolve: (stanza: string) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * One client-to-server XMPP stream over plain TCP: stream open, XEP-0077 in-band registration,
 * SASL PLAIN, resource binding, presence, and raw stanzas out and in. Only what the benchmark
 * sends and receives; setup steps decode stanzas to strings, the measured paths get raw bytes
 * (`onStanza`) and look for their marker themselves.
 */
export class XmppConnection {
  /** Every stanza that no setup step was waiting for, as the bytes read (measured paths). */
  onStanza: ((raw: Buffer) => void) | null = null;
  private readonly splitter: StanzaSplitter;
  private waiters: Waiter[] = [];
  private nextId = 0;
  private closed: Error | null = null;

  private constructor(
    private readonly socket: net.Socket,
    readonly endpoint: XmppEndpoint,
  ) {
    this.splitter = new StanzaSplitter((piece) => this.receive(piece));
    socket.on('data', (chunk: Buffer) => this.splitter.push(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  /** Connects and opens the stream; resolves with the connection once the server's features arrive. */
  static async open(endpoint: XmppEndpoint): Promise<XmppConnection> {
    const socket = net.connect({ host: endpoint.host, port: endpoint.port });
    // A stanza is one small write; Nagle's delay would add up to 40 ms to every latency.
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const connection = new XmppConnection(socket, endpoint);
    try {
      await connection.openStream();
    } catch (error) {
      connection.destroy();
      throw error;
    }
    return connection;
  }

  /** XEP-0077 in-band registration on the unauthenticated stream; an existing account counts as done. */
  async register(username: string, password: string): Promise<void> {
    const reply = await this.iq(
      'set',
      null,
      `<query xmlns='jabber:iq:register'><username>${escapeXml(username)}</username><password>${escapeXml(password)}</password></query>`,
      true,
    );
    if (isType(reply, 'error') && !reply.includes('<conflict')) {
      throw new Error(`registration of ${username} refused: ${reply}`);
    }
  }

  /** SASL PLAIN, stream restart, resource binding and (where the server still asks) a session. */
  async authenticate(username: string, password: string, resource: string): Promise<void> {
    const token = Buffer.from(`\0${username}\0${password}`).toString('base64');
    const outcome = this.waitFor(
      'the SASL outcome',
      (s) => s.startsWith('<success') || s.startsWith('<failure'),
    );
    this.write(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${token}</auth>`);
    const result = await outcome;
    if (!result.startsWith('<success')) throw new Error(`SASL PLAIN for ${username} failed: ${result}`);
    const features = await this.openStream();
    await this.iq(
      'set',
      null,
      `<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>${resource}</resource></bind>`,
    );
    // RFC 6121 dropped the session step; servers that still list it without <optional/> want it.
    const session = /<session xmlns=['"]urn:ietf:params:xml:ns:xmpp-session['"](\/>|>(.*?)<\/session>)/.exec(
      features,
    );
    if (session && !session[0].includes('<optional')) {
      await this.iq('set', null, "<session xmlns='urn:ietf:params:xml:ns:xmpp-session'/>");
    }
  }

  /** Sends an iq and resolves with the server's reply; rejects on an error reply unless `allowError`. */
  async iq(type: 'get' | 'set', to: string | null, payload: string, allowError = false): Promise<string> {
    const id = `q${++this.nextId}`;
    const reply = this.waitFor(
      `the reply to ${payload.slice(0, 40)}`,
      (s) => s.startsWith('<iq') && attr(s, 'id') === id,
    );
    this.write(`<iq type='${type}' id='${id}'${to ? ` to='${to}'` : ''}>${payload}</iq>`);
    const stanza = await reply;
    if (!allowError && isType(stanza, 'error'))
      throw new Error(`iq ${payload.slice(0, 60)}… failed: ${stanza}`);
    return stanza;
  }

  /** Resolves with the next stanza `match` accepts (`what` names it in the timeout's error); it skips `onStanza`. */
  waitFor(what: string, match: (stanza: string) => boolean, timeoutMs = STEP_TIMEOUT_MS): Promise<string> {
    if (this.closed) return Promise.reject(this.closed);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(new Error(`${what} did not come from ${this.endpoint.domain} within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Writes raw XML to the stream. */
  write(xml: string): void {
    this.socket.write(xml);
  }

  /** Resolves once everything written so far has been handed to the kernel. */
  flushed(): Promise<void> {
    return new Promise((resolve) => this.socket.write('', () => resolve()));
  }

  /** Ends the stream politely and drops the socket shortly after, whatever the server does. */
  close(): void {
    if (this.closed) return;
    this.closed = new Error('closed by the benchmark');
    this.socket.end('</stream:stream>');
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  /** Drops the socket at once, as a client that vanishes would. */
  destroy(): void {
    this.closed ??= new Error('closed by the benchmark');
    this.socket.destroy();
  }

  private async openStream(): Promise<string> {
    const features = this.waitFor('the stream features', (s) => s.startsWith('<stream:features'));
    this.write(
      `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='${this.endpoint.domain}' version='1.0'>`,
    );
    return features;
  }

  private receive(piece: StreamPiece): void {
    if (piece.kind !== 'stanza') {
      if (piece.kind === 'close') this.fail(new Error('the server closed the stream'));
      return;
    }
    if (this.waiters.length > 0) {
      const stanza = piece.raw.toString('utf8');
      const waiter = this.waiters.find((w) => w.match(stanza));
      if (waiter) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        clearTimeout(waiter.timer);
        // After SASL success the server starts a new stream: forget the old one's bytes.
        if (stanza.startsWith('<success')) this.splitter.reset();
        waiter.resolve(stanza);
        return;
      }
      if (stanza.startsWith('<stream:error')) this.fail(new Error(`stream error: ${stanza}`));
    }
    this.onStanza?.(piece.raw);
  }

  private fail(error: Error): void {
    this.closed ??= error;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) {
      clearTimeout(w.timer);
      w.reject(error);
    }
  }
}

/** The value of attribute `name` on a stanza's first tag (setup paths only: it builds a RegExp). */
export function attr(stanza: string, name: string): string | undefined {
  const tag = stanza.slice(0, stanza.indexOf('>') + 1);
  return new RegExp(`\\s${name}=(['"])(.*?)\\1`).exec(tag)?.[2];
}

function isType(stanza: string, type: string): boolean {
  return attr(stanza, 'type') === type;
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/'/g, '&apos;')
    .replace(/"/g, '&quot;');
}
