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
