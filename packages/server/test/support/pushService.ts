import {
  createDecipheriv,
  createECDH,
  createHmac,
  createPublicKey,
  type ECDH,
  randomBytes,
  verify,
} from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type PushNotification, PushNotification as PushNotificationSchema } from '@liao/protocol';

/** One push as the test's push service received it: decrypted, with its headers and VAPID claims. */
export interface ReceivedPush {
  notification: PushNotification;
  ttl: number;
  urgency: string | undefined;
  topic: string | undefined;
  /** The VAPID public key the JWT was verified with (the server's). */
  vapidKey: string;
  claims: { aud: string; sub: string; exp: number };
}

/** A browser's subscription, as PushSubscription.toJSON() gives it, with what it received. */
export interface TestSubscription {
  id: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
  received: ReceivedPush[];
  /** Pushes the service refused (bad VAPID, undecryptable), with why. */
  refused: string[];
}

/**
 * A Web Push service of the test's own, on loopback: it accepts a POST to a subscription's
 * endpoint only with a valid VAPID Authorization (RFC 8292: an ES256 JWT for this origin, signed
 * with the key it names), decrypts the aes128gcm payload (RFC 8291, written here with
 * node:crypto, apart from the web-push library the server encrypts with) using the private key
 * and auth secret the "browser" made, and records it. It can be told to answer an endpoint
 * with another status (410, 404, 500) for its next pushes.
 */
export async function startPushService() {
  const subscriptions = new Map<string, TestSubscription & { ecdh: ECDH; authSecret: Buffer }>();
  const answers = new Map<string, number[]>();
  let requests = 0;

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests++;
      const id = /^\/push\/([\w-]+)$/.exec(request.url ?? '')?.[1] ?? '';
      const sub = subscriptions.get(id);
      if (request.method !== 'POST' || !sub) return void response.writeHead(404).end();
      const scripted = answers.get(id)?.shift();
      if (scripted !== undefined) return void response.writeHead(scripted, { 'retry-after': '0' }).end();
      try {
        const vapid = checkVapid(request.headers.authorization, origin());
        if (request.headers['content-encoding'] !== 'aes128gcm') throw new Error('not aes128gcm');
        const plain = decrypt(Buffer.concat(chunks), sub.ecdh, sub.authSecret);
        sub.received.push({
          notification: PushNotificationSchema.parse(JSON.parse(plain.toString('utf8'))),
          ttl: Number(request.headers.ttl),
          urgency: request.headers.urgency as string | undefined,
          topic: request.headers.topic as string | undefined,
          ...vapid,
        });
        response.writeHead(201).end();
      } catch (error) {
        sub.refused.push((error as Error).message);
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    get url() {
      return origin();
    },
    /** POSTs received so far, of any outcome. */
    get requests() {
      return requests;
    },
    /** A new "browser" subscription: a P-256 key pair and a 16-byte auth secret of its own. */
    subscribe(): TestSubscription {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const authSecret = randomBytes(16);
      const id = randomBytes(9).toString('base64url');
      const sub = {
        id,
        endpoint: `${origin()}/push/${id}`,
        keys: { p256dh: ecdh.getPublicKey('base64url'), auth: authSecret.toString('base64url') },
        received: [],
        refused: [],
        ecdh,
        authSecret,
      };
      subscriptions.set(id, sub);
      return sub;
    },
    /** Answers the subscription's next pushes with these statuses instead of taking them. */
    answer(sub: TestSubscription, ...statuses: number[]): void {
      answers.set(sub.id, [...(answers.get(sub.id) ?? []), ...statuses]);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type PushService = Awaited<ReturnType<typeof startPushService>>;

/** Checks `vapid t=<jwt>, k=<key>`: ES256 over the JWT, signed by k, for this origin, unexpired. */
function checkVapid(
  header: string | undefined,
  audience: string,
): Omit<ReceivedPush, 'notification' | 'ttl' | 'urgency' | 'topic'> {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(header ?? '');
  if (!match) throw new Error(`no VAPID authorization: ${header}`);
  const [, token = '', key = ''] = match;
  const [head = '', body = '', signature = ''] = token.split('.');
  if (JSON.parse(Buffer.from(head, 'base64url').toString()).alg !== 'ES256') throw new Error('not ES256');
  const point = Buffer.from(key, 'base64url');
  const publicKey = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
  const signed = verify(
    'sha256',
    Buffer.from(`${head}.${body}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!signed) throw new Error('VAPID signature does not verify');
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as ReceivedPush['claims'];
  if (claims.aud !== audience) throw new Error(`VAPID audience ${claims.aud} is not ${audience}`);
  if (!(claims.exp * 1000 > Date.now())) throw new Error('VAPID token expired');
  if (!/^(mailto:|https:)/.test(claims.sub)) throw new Error(`VAPID subject ${claims.sub}`);
  return { vapidKey: key, claims };
}

function hmac(key: Buffer, ...data: Buffer[]): Buffer {
  const h = createHmac('sha256', key);
  for (const d of data) h.update(d);
  return h.digest();
}

/** RFC 8291 §3.4 and RFC 8188: one aes128gcm record, keyed from ECDH with the sender's key in the header. */
function decrypt(body: Buffer, ecdh: ECDH, authSecret: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const idLength = body.readUInt8(20);
  const senderKey = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  const shared = ecdh.computeSecret(senderKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), senderKey]);
  const ikm = hmac(hmac(authSecret, shared), keyInfo, Buffer.from([1]));
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0'), Buffer.from([1])).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0'), Buffer.from([1])).subarray(0, 12);
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('the last record lacks its 0x02 delimiter');
  return padded.subarray(0, end);
}
