import { z } from 'zod';

/** Time-sortable identifiers (UUIDv7, lower-case hex with dashes). */
export const Id = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, {
  message: 'must be an id',
});
export type Id = z.infer<typeof Id>;

/** Milliseconds since the Unix epoch, UTC. */
export const Timestamp = z.number().int().nonnegative();

export const Platform = z.enum(['desktop', 'phone', 'web', 'bot']);
export type Platform = z.infer<typeof Platform>;

/**
 * Plain decimal digits: how every number in a header, path or query string is written (tus
 * asks this of Upload-Length and Upload-Offset). Number() and z.coerce also read '1e3',
 * '0x10', ' 12', '1.5', '+1' and '' (as 1000, 16, 12, 1.5, 1 and 0); one of those in a
 * header is a client bug or a probe, never a number we should act on.
 */
const DECIMAL_DIGITS = /^[0-9]+$/;

/** The number that plain decimal digits spell, or null for any other text (or past 2^53 − 1). */
export function parseDecimal(text: string): number | null {
  if (!DECIMAL_DIGITS.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/**
 * A whole number from a header, path or query string: plain decimal digits within bounds,
 * refused otherwise (400 VALIDATION_FAILED naming the field). The one schema for them all.
 */
export function decimalInt(bounds: { min?: number; max?: number } = {}) {
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = bounds;
  return z
    .string()
    .regex(DECIMAL_DIGITS, 'must be plain decimal digits (no sign, exponent, hex or spaces)')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}
