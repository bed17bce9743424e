import { AppError } from '../errors';
import type { RateDecision } from './rateLimiter';

/** Turns a refused decision into RATE_LIMITED; the HTTP layer adds Retry-After from its data. */
export function enforce(decision: RateDecision): void {
  if (decision.allowed) return;
  const retryAfterSeconds = Math.ceil(decision.retryAfterMs / 1000);
  throw new AppError('RATE_LIMITED', `Too many attempts; try again in ${retryAfterSeconds} s.`, {
    retryAfterSeconds,
  });
}
