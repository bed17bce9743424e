export { createServer, type LiaoServer, type ServerOptions } from './app';
export { type Config, loadConfig } from './platform/config';
