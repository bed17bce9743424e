import type { Video } from '@liao/protocol';
import { useAppStore } from '../../app/state/store';
import { friendName } from '../../entities/people';

export type VideoOwner = { name: string; avatarUrl: string | null };

/** How a video's owner is named here: my remark for a friend, else their name from the page. */
export function useVideoOwnerName(): (video: Pick<Video, 'ownerId'>) => VideoOwner | undefined {
  const friends = useAppStore((s) => s.friends);
  const owners = useAppStore((s) => s.videoOwners);
  const me = useAppStore((s) => s.me);
  return (video) => {
    if (me && video.ownerId === me.id) return { name: me.displayName, avatarUrl: me.avatarUrl };
    const friend = friends.find((f) => f.user.id === video.ownerId);
    if (friend) return { name: friendName(friend), avatarUrl: friend.user.avatarUrl };
    const user = owners[video.ownerId];
    return user ? { name: user.displayName, avatarUrl: user.avatarUrl } : undefined;
  };
}
