import type { DeviceInfo } from '@liao/protocol';

const BROWSERS: [RegExp, string][] = [
  [/Edg\//, 'Edge'],
  [/OPR\//, 'Opera'],
  [/Firefox\//, 'Firefox'],
  [/Chrom(e|ium)\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/iPhone|iPad/, 'iOS'],
  [/Android/, 'Android'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
];

function pick(ua: string, table: [RegExp, string][]): string | undefined {
  return table.find(([re]) => re.test(ua))?.[1];
}

/** A readable name for a device that did not name itself: "Chrome on Windows". */
export function describeUserAgent(userAgent: string): DeviceInfo {
  const browser = pick(userAgent, BROWSERS);
  const system = pick(userAgent, SYSTEMS);
  const phone = /Mobile|iPhone|Android/.test(userAgent);
  const name = browser && system ? `${browser} on ${system}` : (browser ?? system ?? 'Unknown device');
  return { name, platform: phone ? 'phone' : 'web' };
}
