import { LiaoError } from '@liao/client';
import { type Conversation, type Friend, MAX_VIDEO_COMMENT_LENGTH, type Video } from '@liao/protocol';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/i18n/errors';
import { useAppStore } from '../../app/state/store';
import { ConversationAvatar } from '../../entities/ConversationAvatar';
import { conversationFace } from '../../entities/conversationText';
import { rosterLookup } from '../../entities/groupMembers';
import { friendName } from '../../entities/people';
import { Avatar } from '../../ui/Avatar';
import type { PickRow, PickSection } from '../../ui/PickList';
import { searchChatsAndContacts } from '../search';
import { ShareDialog, type SharePick } from './ShareDialog';
import {
  friendTarget,
  type ShareTarget,
  shareableChats,
  shareOutcome,
  targetKey,
  toggleTarget,
} from './shareModel';

const AVATAR = 32;

/** 分享视频 (WeChat's forward): shown while the store's shareVideo is set, from any video's share button. */
export function ShareVideoDialog() {
  const request = useAppStore((s) => s.shareVideo);
  if (!request) return null;
  return <ShareVideoForm key={request.videoId} videoId={request.videoId} />;
}

function ShareVideoForm({ videoId }: { videoId: string }) {
  const { t } = useTranslation();
  const close = useAppStore((s) => s.closeShareVideo);
  const readVideo = useAppStore((s) => s.readVideo);
  const directChatId = useAppStore((s) => s.directChatId);
  const sendVideoShare = useAppStore((s) => s.sendVideoShare);
  const showToast = useAppStore((s) => s.showToast);
  const conversations = useAppStore((s) => s.conversations);
  const friends = useAppStore((s) => s.friends);
  const me = useAppStore((s) => s.me);
  const groupMembers = useAppStore((s) => s.groupMembers);
  const [video, setVideo] = useState<Video | null>(null);
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<ShareTarget[]>([]);
  const [refusals, setRefusals] = useState<ReadonlyMap<string, string>>(new Map());
  const [comment, setComment] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    readVideo(videoId).then(
      (v) => live && setVideo(v),
      (error: unknown) => live && setNotice(describeError(t, error)),
    );
    return () => {
      live = false;
    };
  }, [videoId, readVideo, t]);

  const chats = useMemo(() => shareableChats(conversations), [conversations]);
  const friendById = useMemo(() => new Map(friends.map((f) => [f.user.id, f])), [friends]);
  const chatById = useMemo(() => new Map(chats.map((c) => [c.id, c])), [chats]);

  const rowOf = useMemo(() => {
    const rosterFor = rosterLookup(groupMembers, me);
    const chatRow = (c: Conversation): PickRow => {
      const face = conversationFace(c, friends, t, rosterFor(c.id));
      return {
        key: targetKey({ kind: 'chat', conversationId: c.id }),
        avatar: <ConversationAvatar conversation={c} face={face} size={AVATAR} />,
        name: face.name,
      };
    };
    const friendRow = (f: Friend): PickRow => ({
      key: targetKey(friendTarget(f.user.id, chats)),
      avatar: <Avatar name={f.user.displayName} src={f.user.avatarUrl} size={AVATAR} />,
      name: friendName(f),
    });
    return { chatRow, friendRow };
  }, [groupMembers, me, friends, chats, t]);

  const sections: PickSection[] = useMemo(() => {
    if (query.trim() === '') return [{ title: t('share.recent'), rows: chats.map(rowOf.chatRow) }];
    const found = searchChatsAndContacts(
      query,
      chats,
      friends,
      (c) => conversationFace(c, friends, t, rosterLookup(groupMembers, me)(c.id)).name,
    );
    return [
      { title: t('share.chats'), rows: found.chats.map(rowOf.chatRow) },
      { title: t('share.contacts'), rows: found.contacts.map(rowOf.friendRow) },
    ];
  }, [query, chats, friends, groupMembers, me, rowOf, t]);

  const picks: SharePick[] = picked.flatMap((target) => {
    const key = targetKey(target);
    let row: PickRow | null = null;
    if (target.kind === 'chat') {
      const c = chatById.get(target.conversationId);
      row = c ? rowOf.chatRow(c) : null;
    } else {
      const f = friendById.get(target.userId);
      row = f ? rowOf.friendRow(f) : null;
    }
    return row ? [{ ...row, refusal: refusals.get(key) }] : [];
  });

  const targetOf = useCallback((key: string): ShareTarget | null => {
    const [kind, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    if (kind === 'chat') return { kind: 'chat', conversationId: id };
    if (kind === 'friend') return { kind: 'friend', userId: id };
    return null;
  }, []);

  function toggle(key: string) {
    const target = targetOf(key);
    if (!target) return;
    const outcome = toggleTarget(picked, target);
    setPicked(outcome.picked);
    setNotice(outcome.full ? t('share.full') : null);
  }

  // Per-chat refusals carry a bare code; one this app has no words for reads as a plain failure.
  const reason = (code: string) => t(`errors.${code}`, { defaultValue: t('errors.UNKNOWN') });

  async function send() {
    setBusy(true);
    setNotice(null);
    const chatOf = new Map<string, string>();
    const openErrors = new Map<string, string>();
    // A friend without a one-to-one chat gets one now, as sending them a message would.
    await Promise.all(
      picked.map(async (target) => {
        const key = targetKey(target);
        if (target.kind === 'chat') return void chatOf.set(key, target.conversationId);
        try {
          chatOf.set(key, await directChatId(target.userId));
        } catch (error) {
          openErrors.set(key, error instanceof LiaoError ? error.code : 'UNKNOWN');
        }
      }),
    );
    const conversationIds = [...new Set(chatOf.values())];
    const text = comment.trim();
    try {
      const result =
        conversationIds.length === 0
          ? null
          : await sendVideoShare(videoId, {
              requestId: crypto.randomUUID(),
              conversationIds,
              ...(text ? { comment: text } : {}),
            });
      const { sent, refused } = shareOutcome(picked, chatOf, openErrors, result);
      if (refused.length === 0) {
        showToast(t('share.sent'));
        close();
        return;
      }
      setPicked(refused.map((r) => r.target));
      setRefusals(new Map(refused.map((r) => [targetKey(r.target), reason(r.code)])));
      if (sent > 0) setNotice(t('share.sentSome', { sent }));
    } catch (error) {
      // The whole share was refused (the video is gone, or not ready): nothing was sent.
      setNotice(describeError(t, error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <ShareDialog
      video={video}
      query={query}
      onQueryChange={setQuery}
      sections={sections}
      emptyText={query.trim() === '' ? t('share.noChats') : t('share.noMatch', { query: query.trim() })}
      picks={picks}
      onToggle={toggle}
      comment={comment}
      onCommentChange={setComment}
      commentMax={MAX_VIDEO_COMMENT_LENGTH}
      notice={notice}
      busy={busy}
      onSend={() => void send()}
      onClose={close}
    />
  );
}
