import type { LiaoClient } from '@liao/client';
import type { StoreApi } from 'zustand/vanilla';
import { noteTypingEvent } from '../../features/chat/typing';
import type { AppState } from './types';

// The one place where the SDK's events reach the app: each slice exposes what it does with an
// event (applyFriendsEvent, applyDevicesChanged, applyVideoUpdate, refreshConversations, …) and
// this file says which event goes to which. Slices never subscribe to the SDK themselves.

/** Feeds the SDK's live events and connection state into the store. */
export function bindClient(store: StoreApi<AppState>, liao: Pick<LiaoClient, 'on'>): () => void {
  const offEvent = liao.on('event', (event) => {
    const s = store.getState();
    s.applyFriendsEvent(event);
    if (event.type === 'devices.changed') s.applyDevicesChanged();
    noteTypingEvent(event);
    if (event.type === 'video.updated') s.applyVideoUpdate(event.video);
    if (event.type === 'call.updated') s.applyCallUpdated(event.call);
    if (event.type === 'call.signal') s.applyCallSignal(event);
    if (event.type === 'call.sfu') s.applyCallSfu(event);
  });
  const offState = liao.on('state', (state) => {
    const s = store.getState();
    s.setConnection(state);
    if (s.status !== 'signedIn') return;
    // The SDK loads its local cache before it starts connecting: show the cached chats at once.
    s.refreshConversations();
    // Each (re)connection may follow missed events: read the lists afresh.
    if (state === 'open') {
      void s.loadFriendsData();
      // Calls ringing since, and a running call's new path (an ICE restart).
      void s.resumeCalls();
    }
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
