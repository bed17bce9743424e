import { SESSION_COOKIE } from '@liao/protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { type Auth, authenticateToken } from './rules';

/** Reads the session token from `Authorization: Bearer …` (SDK in Node) or the cookie (browsers). */
export function readToken(
  authorization: string | undefined,
  cookies: Record<string, string | undefined>,
): string | null {
  // The scheme name is case-insensitive (RFC 9110 §11.1).
  const bearer = /^bearer +(\S+)\s*$/i.exec(authorization ?? '');
  if (bearer) return bearer[1] ?? null;
  return cookies[SESSION_COOKIE] ?? null;
}

/** The caller's session, or UNAUTHENTICATED. Every route that reads or writes user data calls it. */
export async function requireAuth(ctx: AppContext, request: FastifyRequest): Promise<Auth> {
  const token = readToken(request.headers.authorization, request.cookies);
  const auth = token ? await authenticateToken(ctx, token) : null;
  if (!auth) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
  return auth;
}

/** How long the browser keeps the cookie; the server-side idle limit is what really ends a session. */
const COOKIE_MAX_AGE_S = 180 * 24 * 60 * 60;

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: '/',
    maxAge: COOKIE_MAX_AGE_S,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict' });
}
