import type { LiaoClient } from '@liao/client';
import type { StoreApi } from 'zustand';
import type { QrConfirmSlice } from '../../features/auth/qrConfirmSlice';
import type { QrSignInSlice } from '../../features/auth/qrSignInSlice';
import type { CallsSlice } from '../../features/calls/callsSlice';
import type { ChatsSlice } from '../../features/chat/chatsSlice';
import type { UploadsSlice } from '../../features/chat/uploadsSlice';
import type { FriendsSlice } from '../../features/contacts/friendsSlice';
import type { GroupsSlice } from '../../features/groups/groupsSlice';
import type { DevicesSlice } from '../../features/settings/devicesSlice';
import type { PushSlice } from '../../features/settings/pushSlice';
import type { VideosSlice } from '../../features/videos/videosSlice';
import type { PrefsSlice } from './prefsSlice';
import type { RouteSlice } from './routeSlice';
import type { SessionSlice } from './sessionSlice';
import type { UiSlice } from './uiSlice';

export type AppState = SessionSlice &
  ChatsSlice &
  FriendsSlice &
  GroupsSlice &
  DevicesSlice &
  PushSlice &
  PrefsSlice &
  RouteSlice &
  UiSlice &
  UploadsSlice &
  VideosSlice &
  QrConfirmSlice &
  QrSignInSlice &
  CallsSlice;

/** The part of the SDK the store uses (a fake in tests). */
export type Sdk = Pick<
  LiaoClient,
  | 'api'
  | 'connect'
  | 'disconnect'
  | 'forgetLocalData'
  | 'getConversations'
  | 'getUnreadTotal'
  | 'getTimeline'
  | 'getConversation'
  | 'loadOlder'
  | 'hasOlder'
  | 'sendText'
  | 'sendImage'
  | 'retrySend'
  | 'discardSend'
  | 'markRead'
  | 'markUnread'
  | 'acceptFriendRequest'
  | 'setTyping'
  | 'request'
  | 'sessionId'
>;

export type SetState = StoreApi<AppState>['setState'];
export type GetState = StoreApi<AppState>['getState'];

/** A slice gets the whole store (slices call each other's actions) and the SDK. */
export type SliceCreator<T> = (set: SetState, get: GetState, sdk: Sdk) => T;

/** Where a list stands: loading shows a skeleton, error a retry line. */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';
