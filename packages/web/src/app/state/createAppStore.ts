import type { LiaoClient } from '@liao/client';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createChatsSlice } from '../../features/chat/chatsSlice';
import { noteTypingEvent } from '../../features/chat/typing';
import { createUploadsSlice } from '../../features/chat/uploadsSlice';
import { createFriendsSlice } from '../../features/contacts/friendsSlice';
import { createGroupsSlice } from '../../features/groups/groupsSlice';
import { createDevicesSlice } from '../../features/settings/devicesSlice';
import { createVideosSlice } from '../../features/videos/videosSlice';
import { createPrefsSlice } from './prefsSlice';
import { createRouteSlice } from './routeSlice';
import { createSessionSlice } from './sessionSlice';
import type { AppState, Sdk } from './types';
import { createUiSlice } from './uiSlice';

/** The slices combined into one store (zustand's slices pattern). Tests pass a fake SDK. */
export function createAppStore(sdk: Sdk): StoreApi<AppState> {
  return createStore<AppState>()((set, get) => ({
    ...createSessionSlice(set, get, sdk),
    ...createFriendsSlice(set, get, sdk),
    ...createGroupsSlice(set, get, sdk),
    ...createChatsSlice(set, get, sdk),
    ...createDevicesSlice(set, get, sdk),
    ...createPrefsSlice(set, get, sdk),
    ...createRouteSlice(set, get, sdk),
    ...createUiSlice(set, get, sdk),
    ...createUploadsSlice(set, get, sdk),
    ...createVideosSlice(set, get, sdk),
  }));
}

/** Feeds the SDK's live events and connection state into the store. */
export function bindClient(store: StoreApi<AppState>, liao: Pick<LiaoClient, 'on'>): () => void {
  const offEvent = liao.on('event', (event) => {
    store.getState().applyServerEvent(event);
    noteTypingEvent(event);
    if (event.type === 'video.updated') store.getState().applyVideoUpdate(event.video);
  });
  const offState = liao.on('state', (state) => {
    const s = store.getState();
    s.setConnection(state);
    if (s.status !== 'signedIn') return;
    // The SDK loads its local cache before it starts connecting: show the cached chats at once.
    s.refreshConversations();
    // Each (re)connection may follow missed events: read the lists afresh.
    if (state === 'open') void s.loadFriendsData();
  });
  // Comes just before the signedOut state, with the server's word on why.
  const offSignedOut = liao.on('signedOut', (cause) => {
    if (store.getState().status === 'signedIn') void store.getState().endSession(cause);
  });
  const offConversations = liao.on('conversations', () => store.getState().refreshConversations());
  const onTimeline = (id: string) => {
    // Only chats opened in this session keep a timeline in the store.
    if (store.getState().timelines[id]) void store.getState().refreshTimeline(id);
  };
  const offMessages = liao.on('messages', onTimeline);
  const offOutbox = liao.on('outbox', onTimeline);
  return () => {
    offEvent();
    offState();
    offSignedOut();
    offConversations();
    offMessages();
    offOutbox();
  };
}
