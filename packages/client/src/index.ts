export { type ClientEvents, type ClientOptions, LiaoClient } from './client';
export { backoffDelay } from './connection/backoff';
export type { ConnectionState } from './connection/connection';
export type { SocketFactory, SocketLike } from './connection/socket';
export { LiaoError } from './errors';
export { LiaoApi } from './http/api';
