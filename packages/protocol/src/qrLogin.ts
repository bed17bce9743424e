import { z } from 'zod';
import { DeviceInfo, TokenTransport } from './accounts';
import { Id, Timestamp } from './common';

/*
 * Signing in on the desktop by scanning a QR code with the phone (DESIGN.md §2).
 *
 * 1. The desktop opens the anonymous socket /ws/qr. The server makes a ticket bound to that
 *    socket and sends `qr.ticket`: the code to draw, as a Liao URL (qrUrl), valid 2 minutes.
 * 2. The phone, signed in, scans the code: POST /api/qr/scan { code }. It learns what is asking
 *    (device, place, time); the desktop gets `qr.scanned` with the scanner's name and avatar.
 * 3. The phone confirms (POST /api/qr/confirm { code }) or cancels (POST /api/qr/cancel).
 *    On confirm the desktop's socket, and only it, gets `qr.confirmed` with a one-time claim.
 * 4. The desktop trades the claim for a device session: POST /api/qr/claim { ticketId, claim },
 *    which sets the session cookie (or returns the token for `transport: 'bearer'`).
 * A ticket works once; it dies with its socket, at expiry, on cancel and on claim. The desktop
 * asks for a fresh one with `qr.refresh` (after `qr.expired` or `qr.cancelled`).
 */

/** How long a ticket can be scanned and confirmed. */
export const QR_TICKET_TTL_MS = 2 * 60 * 1000;

/** The secret in the QR code: 32 random bytes, base64url. Whoever has it can only scan. */
export const QrCode = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { message: 'must be a sign-in code' });

/** The URL path a QR code carries (`${origin}/m/qr/${code}`): a phone camera app opens the companion there. */
export const QR_PATH_PREFIX = '/m/qr/';

/** Pulls the code out of a scanned text, if it is a Liao sign-in URL (of any origin) or a bare code. */
export function qrCodeFromText(text: string): string | null {
  const trimmed = text.trim();
  if (QrCode.safeParse(trimmed).success) return trimmed;
  let path: string;
  try {
    path = new URL(trimmed).pathname;
  } catch {
    return null;
  }
  if (!path.startsWith(QR_PATH_PREFIX)) return null;
  const code = path.slice(QR_PATH_PREFIX.length).replace(/\/$/, '');
  return QrCode.safeParse(code).success ? code : null;
}

/** Server → desktop frames on /ws/qr. */
export const QrServerFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('qr.ticket'),
    ticketId: Id,
    /** What the QR code shows: `${origin}${QR_PATH_PREFIX}${code}`. */
    qrUrl: z.string(),
    expiresAt: Timestamp,
  }),
  /** A phone scanned it: who, so the desktop can say "confirm on your phone". */
  z.object({
    type: z.literal('qr.scanned'),
    ticketId: Id,
    user: z.object({ displayName: z.string(), avatarUrl: z.string().nullable() }),
  }),
  /** The phone confirmed: trade `claim` for a session at POST /api/qr/claim, once. */
  z.object({ type: z.literal('qr.confirmed'), ticketId: Id, claim: z.string() }),
  z.object({ type: z.literal('qr.cancelled'), ticketId: Id }),
  /** The answer to the page's ping: the SDK's heartbeat finds a dead link by its absence. */
  z.object({ type: z.literal('pong') }),
  z.object({ type: z.literal('qr.expired'), ticketId: Id }),
  /** A refusal (rate limit, bad frame), with a code from the error catalogue. */
  z.object({ type: z.literal('qr.error'), code: z.string(), message: z.string() }),
]);
export type QrServerFrame = z.infer<typeof QrServerFrame>;

/** Desktop → server frames on /ws/qr. */
export const QrClientFrame = z.discriminatedUnion('type', [
  /** A new ticket in place of the current one (after it expired or was cancelled). */
  z.strictObject({ type: z.literal('qr.refresh') }),
  z.strictObject({ type: z.literal('ping') }),
]);
export type QrClientFrame = z.infer<typeof QrClientFrame>;

export const QrCodeBody = z.strictObject({ code: QrCode });
export type QrCodeBody = z.input<typeof QrCodeBody>;

/** What the phone is shown before it confirms: who is asking to be signed in. */
export const QrScanResult = z.object({
  ticketId: Id,
  /** The desktop's browser and system, from its User-Agent ("Chrome · Windows"). */
  device: DeviceInfo,
  /** The desktop's address as the server saw it (behind a trusted proxy, the forwarded one). */
  ip: z.string(),
  /**
   * A rough place for that address. Without a GeoIP database the server answers a token for
   * the client to translate — 'local' (the server's own machine: loopback) or 'private' (a
   * home, office or campus network: 10/8, 172.16/12, 192.168/16, link-local, fc00::/7) — and
   * null for a public address. A server with GeoIP may answer a place name instead.
   */
  place: z.string().nullable(),
  /** When the desktop asked for the code. */
  requestedAt: Timestamp,
  expiresAt: Timestamp,
});
export type QrScanResult = z.infer<typeof QrScanResult>;

export const QrClaimBody = z.strictObject({
  ticketId: Id,
  claim: z.string().min(1).max(128),
  device: DeviceInfo.optional(),
  transport: TokenTransport.default('cookie'),
});
export type QrClaimBody = z.input<typeof QrClaimBody>;
