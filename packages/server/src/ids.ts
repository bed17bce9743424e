import { v7 as uuidv7 } from 'uuid';

/** A new time-sortable identifier (UUIDv7). */
export function newId(): string {
  return uuidv7();
}
