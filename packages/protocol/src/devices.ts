import type { DeviceInfo } from './accounts';

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
 * A readable name for a device from its User-Agent, "Chrome · macOS": what the web app calls
 * itself, and what the server calls a device that did not name itself. A phone's browser is a
 * 'phone' (the companion), anything else 'web'.
 */
export function describeUserAgent(userAgent: string): DeviceInfo {
  const browser = BROWSERS.find(([re]) => re.test(userAgent))?.[1];
  const system = SYSTEMS.find(([re]) => re.test(userAgent))?.[1];
  const name = [browser, system].filter(Boolean).join(' · ') || 'Web';
  const phone = /Mobile|iPhone|Android/.test(userAgent);
  return { name, platform: phone ? 'phone' : 'web' };
}
