import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../config';
import { AppError } from '../errors';

/**
 * No inline script, no eval, nothing framed, nothing fetched from elsewhere. Styles are files too:
 * React sets style properties through the CSSOM, which CSP does not restrict. Exported for the
 * web app's tests that serve pages of their own (the call filters' lab), so they run under it.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // 'wasm-unsafe-eval' lets pages and workers compile WebAssembly (the face tracker of call
  // stickers runs tfjs' wasm backend, its .wasm from our own origin). It allows no eval() or
  // new Function(), which plain 'unsafe-eval' would: never use that instead.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(self), microphone=(self), geolocation=()',
};

/**
 * Whether a browser's Origin may call us: our own origin, or one the operator allowed.
 * Used for HTTP writes (against CSRF) and WebSocket upgrades (against hijacking).
 */
export function isAllowedOrigin(origin: string, ownOrigin: string, config: Config): boolean {
  return origin === ownOrigin || config.allowedOrigins.includes(origin);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Sets the headers every response carries; also used for errors raised before any hook runs. */
export function setSecurityHeaders(reply: FastifyReply): void {
  reply.headers(SECURITY_HEADERS);
}

export function registerSecurity(app: FastifyInstance, config: Config): void {
  app.addHook('onRequest', async (request, reply) => {
    setSecurityHeaders(reply);
    const origin = request.headers.origin;
    // Browsers always send Origin on cross-site writes; programs (the SDK in Node) send none.
    if (origin && !SAFE_METHODS.has(request.method)) {
      if (!isAllowedOrigin(origin, `${request.protocol}://${request.host}`, config)) {
        throw new AppError('FORBIDDEN_ORIGIN', 'Requests from other sites are refused.');
      }
    }
  });
}
