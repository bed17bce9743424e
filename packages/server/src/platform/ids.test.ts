import { Id } from '@liao/protocol';
import { describe, expect, it } from 'vitest';
import { newId } from './ids';

describe('newId', () => {
  it('makes UUIDv7s that the protocol accepts', () => {
    for (let i = 0; i < 2000; i++) expect(Id.safeParse(newId()).success).toBe(true);
  });

  it('sorts by time: an id made later sorts after one made earlier', () => {
    const earlier = newId(1_790_000_000_000);
    const later = newId(1_790_000_000_001);
    expect(earlier < later).toBe(true);
  });

  it('does not repeat over many draws (the pool refills)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(newId(1_790_000_000_000));
    expect(seen.size).toBe(20_000);
  });

  it('encodes the millisecond timestamp in the first 48 bits', () => {
    const ms = 1_790_000_123_456;
    const hex = newId(ms).replace(/-/g, '').slice(0, 12);
    expect(Number.parseInt(hex, 16)).toBe(ms);
  });
});
