import dgram from 'node:dgram';
import { classes, Message, makeIntegrityKey, methods, parseMessage } from 'werift';

/**
 * Bare STUN and TURN requests over UDP, encoded by werift's STUN codec: what a TURN server
 * answers, code and all, where werift's own ICE agent only says that it gathered no relay
 * candidate (it drops the 401 that refuses an allocation: an error answer is not signed with
 * the key the client tried, so its integrity check fails, and it waits out its retransmissions).
 */

/** REQUESTED-TRANSPORT: UDP, protocol 17 in the attribute's first byte (RFC 8656 §18.7). */
const UDP = 17 << 24;

export type AllocateResult =
  | { ok: true; relayedAddress: [string, number] }
  | { ok: false; code: number; reason: string };

/**
 * Asks the TURN server at `url` (turn:host:port) for an allocation with these credentials, as
 * a browser would: unauthenticated first, then again with the realm and nonce of its 401.
 * An allocation granted is given back at once (a Refresh with lifetime 0).
 */
export async function allocate(url: string, username: string, credential: string): Promise<AllocateResult> {
  return withStunSocket(serverOf(url), async (ask) => {
    const challenge = await ask(allocateRequest());
    const [code] = errorOf(challenge);
    if (code !== 401)
      throw new Error(`expected a 401 challenge from ${url}, got ${JSON.stringify(challenge.json)}`);
    const realm = String(challenge.getAttributeValue('REALM'));
    const nonce = challenge.getAttributeValue('NONCE') as Buffer;
    const key = makeIntegrityKey(username, realm, credential);
    const signed = (m: Message) =>
      m
        .setAttribute('USERNAME', username)
        .setAttribute('REALM', realm)
        .setAttribute('NONCE', nonce)
        .addMessageIntegrity(key)
        .addFingerprint();
    const answer = await ask(signed(allocateRequest()));
    if (answer.messageClass !== classes.RESPONSE) {
      const [refused, reason] = errorOf(answer);
      return { ok: false, code: refused, reason };
    }
    const relayedAddress = answer.getAttributeValue('XOR-RELAYED-ADDRESS') as [string, number];
    await ask(signed(new Message(methods.REFRESH, classes.REQUEST).setAttribute('LIFETIME', 0)));
    return { ok: true, relayedAddress };
  });
}

/** Whether a STUN server answers a Binding request at host:port within `timeoutMs`. */
export async function answersStun(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return withStunSocket(
    { host, port },
    async (ask) => {
      const answer = await ask(new Message(methods.BINDING, classes.REQUEST));
      return answer.messageClass === classes.RESPONSE;
    },
    timeoutMs,
  ).catch(() => false);
}

type Ask = (request: Message) => Promise<Message>;

/**
 * Runs `talk` with a fresh UDP socket, whose `ask` sends a request again every 100 ms until
 * the answer with its transaction id comes (RFC 8489's retransmissions, on a beat fit for
 * loopback), or fails past `timeoutMs`.
 */
async function withStunSocket<T>(
  server: { host: string; port: number },
  talk: (ask: Ask) => Promise<T>,
  timeoutMs = 5000,
): Promise<T> {
  const socket = dgram.createSocket('udp4');
  const waiting = new Map<string, (answer: Message) => void>();
  socket.on('message', (data) => {
    const message = parseMessage(data);
    if (message) waiting.get(message.transactionIdHex)?.(message);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const ask: Ask = (request) =>
    new Promise((resolve, reject) => {
      const send = () => socket.send(request.bytes, server.port, server.host);
      const resend = setInterval(send, 100);
      const timeout = setTimeout(() => {
        finish();
        reject(new Error(`no answer from ${server.host}:${server.port} within ${timeoutMs} ms`));
      }, timeoutMs);
      const finish = () => {
        clearInterval(resend);
        clearTimeout(timeout);
        waiting.delete(request.transactionIdHex);
      };
      waiting.set(request.transactionIdHex, (answer) => {
        finish();
        resolve(answer);
      });
      send();
    });
  try {
    return await talk(ask);
  } finally {
    socket.close();
  }
}

function allocateRequest(): Message {
  return new Message(methods.ALLOCATE, classes.REQUEST).setAttribute('REQUESTED-TRANSPORT', UDP);
}

function errorOf(message: Message): [number, string] {
  return (message.getAttributeValue('ERROR-CODE') as [number, string] | undefined) ?? [0, ''];
}

function serverOf(url: string): { host: string; port: number } {
  const m = /^turn:([^:?]+):(\d+)$/.exec(url);
  if (!m) throw new Error(`expected turn:host:port, got ${url}`);
  return { host: m[1] as string, port: Number(m[2]) };
}
