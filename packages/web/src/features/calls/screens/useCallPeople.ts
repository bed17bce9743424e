import type { Call } from '@liao/protocol';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../../app/state/store';
import { membersOf } from '../../../entities/groupMembers';
import { useGroupMembersLoad } from '../../../entities/groupRoster';
import { personFace } from '../../../entities/people';
import type { RemoteFeed } from '../engine/sfuFeeds';
import type { EngineSnapshot } from '../engine/types';

/** One tile of a group call: a participant, their picture when they send one, and marks. */
export interface CallTile {
  sessionId: string;
  userId: string;
  me: boolean;
  name: string;
  avatarName: string;
  avatarUrl: string | null;
  stream: MediaStream | null;
  video: boolean;
  muted: boolean;
  speaking: boolean;
  quality: RemoteFeed['quality'];
}

/**
 * The people of a group call as tiles, the own first: names from the group's member list
 * (read here), media from the engine's feeds (matched by sessionId), marks from the call.
 */
export function useCallTiles(
  conversationId: string,
  call: Call | null,
  engine: EngineSnapshot | null,
): CallTile[] {
  const { t } = useTranslation();
  const conversation = useAppStore((s) => s.conversations.find((c) => c.id === conversationId));
  useGroupMembersLoad(conversation, true);
  const members = useAppStore((s) => membersOf(s, conversationId));
  const me = useAppStore((s) => s.me);
  const friends = useAppStore((s) => s.friends);
  if (!call) return [];
  const people = { members: members?.status === 'ready' ? members.members : [] };
  return call.participants.map((p) => {
    const mine = p.userId === me?.id;
    const face = personFace(p.userId, me, friends, people);
    const feed = engine?.feeds.find((f) => f.sessionId === p.sessionId);
    const stream = mine ? (engine?.local ?? null) : (feed?.stream ?? null);
    const sendsVideo = mine ? (engine?.video ?? false) : p.video || p.screen;
    return {
      sessionId: p.sessionId,
      userId: p.userId,
      me: mine,
      name: mine ? t('calls.you') : (face?.name ?? t('messages.unknownPeer')),
      avatarName: face?.avatarName ?? '?',
      avatarUrl: face?.avatarUrl ?? null,
      stream,
      video: sendsVideo && stream !== null && stream.getVideoTracks().length > 0,
      muted: mine ? !(engine?.audio ?? true) : !p.audio,
      speaking: mine ? (engine?.speaking.local ?? false) : (feed?.speaking ?? false),
      quality: mine ? (engine?.quality ?? 'unknown') : (feed?.quality ?? 'unknown'),
    };
  });
}

/** Who shows large in the speaker view: the one talking, else the first other person. */
export function speakerOf(tiles: CallTile[], last: string | null): CallTile | null {
  const others = tiles.filter((tile) => !tile.me);
  return (
    others.find((tile) => tile.speaking) ??
    others.find((tile) => tile.sessionId === last) ??
    others[0] ??
    tiles[0] ??
    null
  );
}
