import WebSocket from 'ws';

/**
 * A lean socket for the load loops: JSON frames without the SDK's schema checks, so that the
 * load generator, which shares the machine with the server, spends little CPU per message.
 * Setup still goes through the SDK.
 */
const EVENT_PREFIX = Buffer.from('{"type":"event"');

export class RawSocket {
  private counter = 0;
  private readonly pending = new Map<string, (frame: ReplyFrame) => void>();
  onEvent: (event: { type: string; message?: BenchMessage }) => void = () => {};
  /** When set, event frames are handed over as bytes, undecoded (the fan-out loop's fast path). */
  onRawEvent: ((data: Buffer) => void) | null = null;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      if (this.onRawEvent && data.indexOf(EVENT_PREFIX) === 0) {
        this.onRawEvent(data);
        return;
      }
      const frame = JSON.parse(data.toString()) as ReplyFrame | { type: 'event'; event: { type: string } };
      if (frame.type === 'res') {
        const done = this.pending.get(frame.id);
        this.pending.delete(frame.id);
        done?.(frame);
      } else if (frame.type === 'event') this.onEvent(frame.event);
    });
    // A socket the server closed (a slow reader, a flood) answers nothing more: its requests
    // fail now rather than hold the load loop that awaits them forever.
    ws.on('close', (code) => {
      for (const [id, done] of this.pending) done(closedReply(id, code));
      this.pending.clear();
    });
  }

  static open(url: string, token: string): Promise<RawSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, {
        headers: { authorization: `Bearer ${token}` },
        perMessageDeflate: false,
        // The server's frames are trusted here; validating their UTF-8 would cost the load
        // generator, which shares the machine with the server, CPU per frame.
        skipUTF8Validation: true,
      });
      ws.once('message', () => resolve(new RawSocket(ws)));
      ws.once('error', reject);
    });
  }

  request(op: string, body: unknown): Promise<ReplyFrame> {
    const id = `b${++this.counter}`;
    if (this.ws.readyState !== WebSocket.OPEN) return Promise.resolve(closedReply(id, this.ws.readyState));
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.ws.send(JSON.stringify({ type: 'req', id, op, body }));
    });
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  close(): void {
    this.ws.terminate();
  }
}

export interface BenchMessage {
  conversationId: string;
  seq: number;
  senderId: string;
  clientId: string | null;
  content: { kind: string; text?: string };
}

export interface ReplyFrame {
  type: 'res';
  id: string;
  ok: boolean;
  result?: { message?: BenchMessage } & Record<string, unknown>;
  error?: { code: string; message: string };
}

function closedReply(id: string, code: number): ReplyFrame {
  return { type: 'res', id, ok: false, error: { code: 'CLOSED', message: `socket closed (${code})` } };
}
