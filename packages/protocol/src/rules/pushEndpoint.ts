/**
 * Why a push subscription's endpoint is refused, or null when it is one the server may call:
 * an https URL to a host name that names a public host. The server POSTs to whatever URL a
 * device hands it, so an endpoint on a loopback or private address would let anyone make the
 * server call inside its own network (SSRF). Browsers' push services (FCM, Mozilla, Apple,
 * Microsoft) are all public host names, so IP literals are refused outright; a public name
 * that resolves to a private address is refused by the server when it connects.
 */
export type PushEndpointProblem = 'notHttps' | 'notPublicHost';

/** Host names that never name a public host: this machine, link-local and private zones. */
const PRIVATE_SUFFIXES = ['.localhost', '.local', '.internal', '.home.arpa', '.lan', '.intranet'];

export function pushEndpointProblem(endpoint: string): PushEndpointProblem | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'notHttps';
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return 'notHttps';
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  // An IPv6 literal is bracketed; an IPv4 one (in any of the forms URL normalises) ends in a digit.
  if (host.startsWith('[') || /^[\d.]+$/.test(host) || /\.\d+$/.test(host)) return 'notPublicHost';
  if (!host.includes('.') || host === 'localhost') return 'notPublicHost';
  if (PRIVATE_SUFFIXES.some((suffix) => host.endsWith(suffix))) return 'notPublicHost';
  return null;
}
