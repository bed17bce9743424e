import { createHash } from 'node:crypto';
import dns, { type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { PushNotification } from '@liao/protocol';
import webpush from 'web-push';
import type { VapidKeys } from './vapidKeys';

/** How one push went: delivered to the push service, gone for good, refused, or to try again. */
export type SendResult =
  | { kind: 'sent' }
  /** 404 or 410: the browser unsubscribed or the subscription expired; delete it. */
  | { kind: 'gone' }
  /** Another 4xx: this payload will never be taken (a key mismatch, too large); give it up. */
  | { kind: 'refused'; status: number }
  /** 429, 5xx, a timeout or a network fault: try again later (after `retryAfterMs` when said). */
  | { kind: 'retry'; reason: string; retryAfterMs: number | null };

/** How urgent and how long-lived a push is (RFC 8030 §5.2, §5.3). */
export interface PushOptions {
  /** Seconds the push service keeps it for a device that is away. */
  ttlSeconds: number;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
}

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface Sender {
  send(target: PushTarget, notification: PushNotification, options: PushOptions): Promise<SendResult>;
  close(): void;
}

/** Addresses a push endpoint may never reach: this machine, private networks, link-local, multicast. */
const PRIVATE = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  PRIVATE.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [
  ['::', 127],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(prefix, bits, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const family = net.isIPv6(address) ? 'ipv6' : 'ipv4';
  return PRIVATE.check(address, family);
}

/**
 * dns.lookup that refuses private addresses: an endpoint's host name was checked to look
 * public when it was subscribed (protocol's pushEndpointProblem), but a name can resolve to
 * anything, so the address is checked where the connection is made.
 */
const publicOnlyLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused || addresses.length === 0) {
      const fault = Object.assign(new Error(`push endpoint ${hostname} resolves to a private address`), {
        code: 'PUSH_PRIVATE_ADDRESS',
      });
      return callback(fault, '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0] as LookupAddress;
    callback(null, first.address, first.family);
  });
};

/** The Topic header: the push service keeps only the newest undelivered push of a topic (one per chat). */
function topicOf(tag: string): string {
  return createHash('sha256').update(tag).digest('base64url').slice(0, 32);
}

/** Longest Retry-After honoured; a push later than that is stale anyway. */
const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

function retryAfterMs(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_RETRY_AFTER_MS) : null;
}

/**
 * Sends pushes: web-push encrypts the payload (aes128gcm, RFC 8291) and signs the VAPID JWT
 * (RFC 8292); the request itself is made here, so that the connection refuses private
 * addresses and a test's push service can answer on loopback (`allowLoopback`).
 */
export function createSender(options: {
  /** Read at each send: a rotation replaces the pair while the node runs. */
  keys: () => VapidKeys;
  subject: string;
  timeoutMs: number;
  allowLoopback: boolean;
}): Sender {
  const agent = new https.Agent({ keepAlive: true, maxSockets: 16 });
  return {
    async send(target, notification, pushOptions) {
      const topic = 'tag' in notification ? topicOf(notification.tag) : undefined;
      const details = webpush.generateRequestDetails(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        JSON.stringify(notification),
        {
          vapidDetails: { subject: options.subject, ...options.keys() },
          TTL: pushOptions.ttlSeconds,
          urgency: pushOptions.urgency,
          contentEncoding: 'aes128gcm',
          ...(topic ? { topic } : {}),
        },
      );
      const url = new URL(details.endpoint);
      const plain = url.protocol === 'http:';
      if (plain && !options.allowLoopback) return { kind: 'refused', status: 0 };
      return new Promise<SendResult>((resolve) => {
        const request = (plain ? http : https).request(
          url,
          {
            method: details.method,
            headers: details.headers as http.OutgoingHttpHeaders,
            timeout: options.timeoutMs,
            ...(plain ? {} : { agent }),
            ...(options.allowLoopback ? {} : { lookup: publicOnlyLookup }),
          },
          (response) => {
            // The body says nothing we act on; read it so that the connection can be reused.
            response.resume();
            response.on('end', () => resolve(resultOf(response)));
            response.on('error', (error) =>
              resolve({ kind: 'retry', reason: error.message, retryAfterMs: null }),
            );
          },
        );
        request.on('timeout', () => request.destroy(new Error('the push service did not answer in time')));
        request.on('error', (error) => {
          if ((error as { code?: string }).code === 'PUSH_PRIVATE_ADDRESS')
            resolve({ kind: 'refused', status: 0 });
          else resolve({ kind: 'retry', reason: error.message, retryAfterMs: null });
        });
        request.end(details.body);
      });
    },
    close() {
      agent.destroy();
    },
  };
}

function resultOf(response: http.IncomingMessage): SendResult {
  const status = response.statusCode ?? 0;
  if (status >= 200 && status < 300) return { kind: 'sent' };
  if (status === 404 || status === 410) return { kind: 'gone' };
  if (status === 429 || status >= 500) {
    return {
      kind: 'retry',
      reason: `the push service answered ${status}`,
      retryAfterMs: retryAfterMs(response.headers['retry-after']),
    };
  }
  return { kind: 'refused', status };
}
