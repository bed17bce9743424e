import { describe, expect, it } from 'vitest';
import { ErrorCodes, errorStatus, isErrorCode } from './errors';
import { ClientFrame, CloseCodes, ServerFrame } from './frames';

describe('ClientFrame', () => {
  it('accepts a ping with an id of 1–64 characters', () => {
    expect(ClientFrame.parse({ type: 'ping', id: 'p1' })).toEqual({ type: 'ping', id: 'p1' });
    expect(ClientFrame.safeParse({ type: 'ping', id: 'x'.repeat(64) }).success).toBe(true);
  });

  it('refuses unknown types, extra fields, missing or oversized ids and non-objects', () => {
    for (const v of [
      { type: 'pong', id: '1' },
      { type: 'ping', id: '1', extra: true },
      { type: 'ping' },
      { type: 'ping', id: '' },
      { type: 'ping', id: 'x'.repeat(65) },
      { type: 'ping', id: 5 },
      [],
      'ping',
      null,
      42,
    ]) {
      expect(ClientFrame.safeParse(v).success, JSON.stringify(v)).toBe(false);
    }
  });
});

describe('ServerFrame', () => {
  it('error frames carry only catalogued codes', () => {
    expect(ServerFrame.safeParse({ type: 'error', code: 'BAD_FRAME', message: 'x' }).success).toBe(true);
    expect(ServerFrame.safeParse({ type: 'error', code: 'NOPE', message: 'x' }).success).toBe(false);
  });
});

describe('CloseCodes', () => {
  it('uses 4001 for a revoked session and 4029 for one connection too many, distinct from the other private codes', () => {
    expect(CloseCodes.SESSION_REVOKED).toBe(4001);
    expect(CloseCodes.TOO_MANY_CONNECTIONS).toBe(4029);
    const codes = Object.values(CloseCodes);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('ErrorCodes', () => {
  it('gives every code a 4xx or 5xx status and a one-line doc', () => {
    for (const [code, { status, doc }] of Object.entries(ErrorCodes)) {
      expect(code).toMatch(/^[A-Z][A-Z_]+$/);
      expect(status >= 400 && status < 600, code).toBe(true);
      expect(doc.length > 0 && !doc.includes('\n'), code).toBe(true);
    }
  });

  it('recognises its own codes only, not inherited object keys', () => {
    expect(isErrorCode('RATE_LIMITED')).toBe(true);
    expect(errorStatus('RATE_LIMITED')).toBe(429);
    for (const v of ['toString', '__proto__', 'constructor', 'rate_limited', 42, null]) {
      expect(isErrorCode(v)).toBe(false);
    }
  });
});
