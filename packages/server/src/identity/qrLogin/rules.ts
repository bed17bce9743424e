import './busMessages';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type DeviceInfo,
  describeUserAgent,
  QR_PATH_PREFIX,
  QR_TICKET_TTL_MS,
  type QrClaimBody,
  type QrScanResult,
  type QrServerFrame,
} from '@liao/protocol';
import type { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { enforce } from '../../platform/ratelimit/enforce';
import type { SignedIn } from '../accounts';
import { toMe, accountsQueries as users } from '../accounts';
import type { Auth } from '../sessions';
import { doCreateVouchedSession, hashSessionToken } from '../sessions';
import { placeOf } from './place';
import type { Ticket, TicketState, TicketStore } from './tickets';

/** How long the desktop has to trade the claim for a session once the phone confirmed. */
export const QR_CLAIM_TTL_MS = 60_000;

/** The desktop that opened /ws/qr, as the server saw its upgrade request. */
export interface Desktop {
  ip: string;
  userAgent: string;
  /** Where QR links point: the public URL, or the origin the desktop reached us at. */
  origin: string;
}

export interface QrDeps {
  ctx: AppContext;
  tickets: TicketStore;
}

/** 32 random bytes, base64url: the shape of QrCode, and of the claim. */
function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Same fast hash as session tokens: 256 random bits leave nothing to brute-force. */
const hashSecret = hashSessionToken;

/** A desktop browser signs in as a 'desktop' device; a phone's browser stays a 'phone'. */
export function deviceOfUserAgent(userAgent: string): DeviceInfo {
  const described = describeUserAgent(userAgent);
  return described.platform === 'web' ? { ...described, platform: 'desktop' } : described;
}

/** Makes a ticket for a desktop; counts against its address. The code is returned once. */
export async function openTicket(
  { ctx, tickets }: QrDeps,
  desktop: Desktop,
): Promise<{ ticket: Ticket; frame: Extract<QrServerFrame, { type: 'qr.ticket' }> }> {
  enforce(await ctx.limiter.hit(`qr:ticket:addr:${desktop.ip}`, ctx.config.rateLimits.qrTicketsPerAddress));
  const code = newSecret();
  const now = ctx.now();
  const ticket: Ticket = {
    id: newId(now),
    codeHash: hashSecret(code),
    state: 'waiting',
    device: deviceOfUserAgent(desktop.userAgent),
    userAgent: desktop.userAgent.slice(0, 256),
    ip: desktop.ip,
    requestedAt: now,
    expiresAt: now + QR_TICKET_TTL_MS,
    scannerId: null,
    scannerSessionId: null,
    claimHash: null,
    claimExpiresAt: null,
  };
  await tickets.put(ticket);
  return {
    ticket,
    frame: {
      type: 'qr.ticket',
      ticketId: ticket.id,
      qrUrl: `${desktop.origin}${QR_PATH_PREFIX}${code}`,
      expiresAt: ticket.expiresAt,
    },
  };
}

/**
 * Ends a live ticket by time (or because the desktop asked for a new code); says whether it
 * did. Whoever succeeds tells the desktop when asked to; a confirmed ticket is left alone.
 */
export async function expireTicket({ ctx, tickets }: QrDeps, ticketId: string, notify: boolean) {
  for (const from of ['waiting', 'scanned'] as const) {
    if (await tickets.transition(ticketId, from, { state: 'expired' })) {
      if (notify) await publish(ctx, ticketId, { type: 'qr.expired', ticketId });
      return true;
    }
  }
  return false;
}

/**
 * The phone read the code: the ticket becomes this account's. Scanning again from the same
 * account gives the same answer (and tells the desktop nothing new).
 */
export async function doScan(deps: QrDeps, auth: Auth, code: string): Promise<QrScanResult> {
  const { ctx, tickets } = deps;
  enforce(await ctx.limiter.hit(`qr:scan:user:${auth.userId}`, ctx.config.rateLimits.qrScansPerUser));
  let ticket = await findLive(deps, code);
  if (ticket.state === 'waiting') {
    const scanned = await tickets.transition(ticket.id, 'waiting', {
      state: 'scanned',
      scannerId: auth.userId,
      scannerSessionId: auth.sessionId,
    });
    if (scanned) {
      const row = await users.getUser(ctx.db, auth.userId);
      if (!row) throw new AppError('UNAUTHENTICATED');
      await publish(ctx, ticket.id, {
        type: 'qr.scanned',
        ticketId: ticket.id,
        user: scannerOf(row, ticket.id),
      });
      return scanResult(scanned);
    }
    // Another request moved it first: judge it as it is now.
    ticket = await findLive(deps, code);
  }
  requireScanner(ticket, auth);
  return scanResult(ticket);
}

/** The scanner says yes: a one-time claim goes to the desktop's socket, and only there. */
export async function doConfirm(deps: QrDeps, auth: Auth, code: string): Promise<void> {
  const { ctx, tickets } = deps;
  const ticket = await findLive(deps, code);
  requireScanner(ticket, auth);
  const claim = newSecret();
  const confirmed = await tickets.transition(ticket.id, 'scanned', {
    state: 'confirmed',
    scannerSessionId: auth.sessionId,
    claimHash: hashSecret(claim),
    claimExpiresAt: ctx.now() + QR_CLAIM_TTL_MS,
  });
  if (!confirmed) return refuseChanged(deps, code);
  await publish(ctx, ticket.id, { type: 'qr.confirmed', ticketId: ticket.id, claim });
}

/**
 * What the desktop showing this ticket should be told now, for a page that may have missed
 * news while its node was cut off from the bus: its state again, or nothing (still waiting, or
 * already used). A confirmed ticket gets a fresh claim, since only the hash of the one sent is
 * kept; the old one stops working, which harms no one, as it was never claimed.
 */
export async function ticketNews(deps: QrDeps, ticketId: string): Promise<QrServerFrame | null> {
  const { ctx, tickets } = deps;
  const ticket = await tickets.get(ticketId);
  switch (ticket?.state) {
    case 'scanned': {
      const row = ticket.scannerId ? await users.getUser(ctx.db, ticket.scannerId) : undefined;
      if (!row) return null;
      return { type: 'qr.scanned', ticketId, user: scannerOf(row, ticketId) };
    }
    case 'confirmed': {
      const claim = newSecret();
      const again = await tickets.transition(ticketId, 'confirmed', {
        claimHash: hashSecret(claim),
        claimExpiresAt: ctx.now() + QR_CLAIM_TTL_MS,
      });
      return again ? { type: 'qr.confirmed', ticketId, claim } : null;
    }
    case 'cancelled':
      return { type: 'qr.cancelled', ticketId };
    case 'expired':
      return { type: 'qr.expired', ticketId };
    default:
      return null;
  }
}

/** The scanner says no: the desktop is told, and may ask for a new code. */
export async function doCancel(deps: QrDeps, auth: Auth, code: string): Promise<void> {
  const { ctx, tickets } = deps;
  const ticket = await findLive(deps, code);
  requireScanner(ticket, auth);
  const cancelled = await tickets.transition(ticket.id, 'scanned', { state: 'cancelled' });
  if (!cancelled) return refuseChanged(deps, code);
  await publish(ctx, ticket.id, { type: 'qr.cancelled', ticketId: ticket.id });
}

/**
 * The desktop trades its claim for a device session of the account that confirmed. Works
 * once; anything wrong (ticket, claim, state, time) is the same refusal, so that nothing
 * can be learnt by trying.
 */
export async function doClaim(
  { ctx, tickets }: QrDeps,
  body: z.output<typeof QrClaimBody>,
): Promise<SignedIn> {
  const ticket = await tickets.get(body.ticketId);
  const invalid = () => new AppError('QR_CLAIM_INVALID');
  const { scannerId, scannerSessionId } = ticket ?? {};
  if (ticket?.state !== 'confirmed' || !ticket.claimHash || !scannerId || !scannerSessionId) throw invalid();
  if ((ticket.claimExpiresAt ?? 0) <= ctx.now()) throw invalid();
  if (!sameHash(hashSecret(body.claim), ticket.claimHash)) throw invalid();
  if (!(await tickets.transition(ticket.id, 'confirmed', { state: 'claimed' }))) throw invalid();
  const row = await users.getUser(ctx.db, scannerId);
  if (!row) throw invalid();
  if (row.disabled_at !== null) throw new AppError('ACCOUNT_DISABLED');
  // Only while the phone's session that confirmed is alive: a confirmation outlives neither
  // the phone signing out nor the account's devices being signed out.
  const session = await doCreateVouchedSession(
    ctx,
    { userId: scannerId, sessionId: scannerSessionId },
    body.device ?? ticket.device,
    ticket.userAgent,
    invalid,
  );
  return { user: toMe(row), ...session };
}

/**
 * These sessions were signed out: a ticket still waiting on one of them (scanned or confirmed
 * by it, not yet claimed) is cancelled, and its desktop told, rather than left to a claim
 * that would be refused. Says whether it cancelled.
 */
export async function cancelForRevokedSessions(
  { ctx, tickets }: QrDeps,
  ticketId: string,
  revoked: ReadonlySet<string>,
): Promise<boolean> {
  const ticket = await tickets.get(ticketId);
  if (!ticket?.scannerSessionId || !revoked.has(ticket.scannerSessionId)) return false;
  if (ticket.state !== 'scanned' && ticket.state !== 'confirmed') return false;
  if (!(await tickets.transition(ticketId, ticket.state, { state: 'cancelled' }))) return false;
  await publish(ctx, ticketId, { type: 'qr.cancelled', ticketId });
  return true;
}

/** The ticket for a code, refused unless it can still be scanned, confirmed or cancelled. */
async function findLive({ ctx, tickets }: QrDeps, code: string): Promise<Ticket> {
  const ticket = await tickets.findByCodeHash(hashSecret(code));
  if (!ticket) throw new AppError('QR_TICKET_NOT_FOUND');
  if (USED_STATES.has(ticket.state)) throw new AppError('QR_TICKET_USED');
  if (ticket.state === 'expired' || ctx.now() >= ticket.expiresAt) throw new AppError('QR_TICKET_EXPIRED');
  return ticket;
}

const USED_STATES: ReadonlySet<TicketState> = new Set(['confirmed', 'claimed', 'cancelled']);

/** Only the account that scanned a ticket may confirm or cancel it. */
function requireScanner(ticket: Ticket, auth: Auth): void {
  if (ticket.state === 'waiting') throw new AppError('QR_TICKET_NOT_SCANNED');
  if (ticket.scannerId !== auth.userId) throw new AppError('QR_TICKET_TAKEN');
}

/** A compare-and-set lost to another request: the refusal that fits the ticket as it is now. */
async function refuseChanged(deps: QrDeps, code: string): Promise<never> {
  await findLive(deps, code);
  throw new AppError('QR_TICKET_USED');
}

function scanResult(ticket: Ticket): QrScanResult {
  return {
    ticketId: ticket.id,
    device: ticket.device,
    ip: ticket.ip,
    place: placeOf(ticket.ip),
    requestedAt: ticket.requestedAt,
    expiresAt: ticket.expiresAt,
  };
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function publish(ctx: AppContext, ticketId: string, frame: QrServerFrame): Promise<void> {
  return ctx.bus.publish({ kind: 'qr', ticketId, frame });
}

/**
 * Who scanned, as the desktop is told. The desktop has no session yet, so the photo is not the
 * scanner's own avatar URL (which needs one: the page would get a 401 and draw a letter) but
 * the ticket's, which serves the same picture to whoever knows the ticket id.
 */
function scannerOf(row: { display_name: string; avatar_id: string | null }, ticketId: string) {
  return {
    displayName: row.display_name,
    avatarUrl: row.avatar_id ? `/api/qr/tickets/${ticketId}/avatar` : null,
  };
}

/**
 * The avatar of whoever scanned this ticket, while it waits to be confirmed or claimed; the
 * desktop showing the code asks for it (anonymous: the ticket id, which only that desktop,
 * the scanner and the bus know, is the proof).
 */
export async function getScannerAvatarId({ ctx, tickets }: QrDeps, ticketId: string): Promise<string> {
  const ticket = await tickets.get(ticketId);
  const shown = ticket?.state === 'scanned' || ticket?.state === 'confirmed';
  const row = shown && ticket.scannerId ? await users.getUser(ctx.db, ticket.scannerId) : undefined;
  if (!row?.avatar_id) throw new AppError('MEDIA_NOT_FOUND');
  return row.avatar_id;
}
