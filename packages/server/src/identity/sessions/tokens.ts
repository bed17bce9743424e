import { createHash, randomBytes } from 'node:crypto';

/** 256 bits from the system's CSPRNG, base64url (43 characters). */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Only this hash is stored. A fast hash is right here: the token has 256 bits of entropy,
 * so there is nothing to brute-force, unlike a password.
 */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Tokens we issue are exactly 43 base64url characters; anything else is refused unread. */
export function looksLikeSessionToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
