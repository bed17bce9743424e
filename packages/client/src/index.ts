export { type ClientEvents, type ClientOptions, LiaoClient, type SendOptions } from './client';
export { backoffDelay } from './connection/backoff';
export type { ConnectionState } from './connection/connection';
export { DEFAULT_HEARTBEAT, type HeartbeatOptions } from './connection/heartbeat';
export type { NetworkWatch } from './connection/network';
export type { SocketFactory, SocketLike } from './connection/socket';
export { LiaoError } from './errors';
export { LiaoApi } from './http/api';
export type { UploadOptions } from './http/upload';
export type { VideoUploadOptions } from './http/videoUpload';
export type { OutboxEvents } from './outbox/Outbox';
export {
  QrLogin,
  type QrLoginEvents,
  type QrLoginOptions,
  type QrLoginState,
  type QrScanner,
} from './qrLogin';
export { IndexedDbStore, type IndexedDbStoreOptions } from './store/IndexedDbStore';
export { type MemorySnapshot, MemoryStore } from './store/MemoryStore';
export {
  sortConversations,
  type TimelineItem,
  timeline,
  type UnreadTotal,
  unreadOf,
  unreadTotal,
} from './store/selectors';
export type {
  LocalStore,
  MessageQuery,
  OutboxItem,
  OutboxState,
  SeqRange,
  StoredConversation,
} from './store/types';
export type { Requester, SyncOptions } from './sync/SyncEngine';
