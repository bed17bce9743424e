import { describe, expect, it } from 'vitest';
import { placeOf } from './place';

describe('placeOf', () => {
  it('calls loopback "local", in both families and IPv4-mapped', () => {
    for (const ip of ['127.0.0.1', '127.255.0.9', '::1', '::ffff:127.0.0.1'])
      expect(placeOf(ip), ip).toBe('local');
  });

  it('calls private, link-local and unique-local ranges "private"', () => {
    for (const ip of [
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.20',
      '169.254.3.4',
      '::ffff:192.168.0.2',
      'fd12:3456::1',
      'fe80::1',
    ]) {
      expect(placeOf(ip), ip).toBe('private');
    }
  });

  it('gives public or unreadable addresses no place', () => {
    for (const ip of ['8.8.8.8', '172.32.0.1', '100.64.0.1', '2001:db8::1', '', 'not an ip']) {
      expect(placeOf(ip), ip).toBeNull();
    }
  });
});
