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
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

/**
 * How this browser names itself in the devices list: "Chrome · macOS". A phone's browser is
 * a 'phone' (the companion), anything else 'web'.
 */
export function describeBrowser(userAgent: string): DeviceInfo {
  const browser = BROWSERS.find(([re]) => re.test(userAgent))?.[1];
  const system = SYSTEMS.find(([re]) => re.test(userAgent))?.[1];
  const name = [browser, system].filter(Boolean).join(' · ') || 'Web';
  const phone = /Mobile|iPhone|Android/.test(userAgent);
  return { name, platform: phone ? 'phone' : 'web' };
}
