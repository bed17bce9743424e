import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { unmapped } from '../../platform/http/address';

/**
 * A rough place for an address, shown to the phone before it confirms a sign-in. There is no
 * GeoIP database here, so the answer is one of the tokens the client translates —
 * 'local' (this machine: loopback) or 'private' (a home, office or campus network) — or null
 * for a public address. A GeoIP lookup can replace this function without touching its callers.
 */
export type PlaceToken = 'local' | 'private';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

const PRIVATE = new BlockList();
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE.addSubnet('169.254.0.0', 16, 'ipv4');
PRIVATE.addSubnet('fc00::', 7, 'ipv6');
PRIVATE.addSubnet('fe80::', 10, 'ipv6');

export function placeOf(ip: string): PlaceToken | null {
  const address = unmapped(ip);
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
  if (!family) return null;
  if (LOOPBACK.check(address, family)) return 'local';
  if (PRIVATE.check(address, family)) return 'private';
  return null;
}
