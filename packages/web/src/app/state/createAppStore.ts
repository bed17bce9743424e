import { createStore, type StoreApi } from 'zustand/vanilla';
import { createQrConfirmSlice } from '../../features/auth/qrConfirmSlice';
import { createQrSignInSlice } from '../../features/auth/qrSignInSlice';
import { createCallsSlice } from '../../features/calls/callsSlice';
import { createChatsSlice } from '../../features/chat/chatsSlice';
import { createUploadsSlice } from '../../features/chat/uploadsSlice';
import { createFriendsSlice } from '../../features/contacts/friendsSlice';
import { createGroupsSlice } from '../../features/groups/groupsSlice';
import { createDevicesSlice } from '../../features/settings/devicesSlice';
import { createPushSlice } from '../../features/settings/pushSlice';
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
    ...createPushSlice(set, get, sdk),
    ...createPrefsSlice(set, get, sdk),
    ...createRouteSlice(set, get, sdk),
    ...createUiSlice(set, get, sdk),
    ...createUploadsSlice(set, get, sdk),
    ...createVideosSlice(set, get, sdk),
    ...createQrConfirmSlice(set, get, sdk),
    ...createQrSignInSlice(set, get, sdk),
    ...createCallsSlice(set, get, sdk),
  }));
}
