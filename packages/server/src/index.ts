export { createServer, type LiaoServer, type ServerOptions } from './app';
export { type Config, loadConfig } from './platform/config';
export { CONTENT_SECURITY_POLICY } from './platform/http/security';
