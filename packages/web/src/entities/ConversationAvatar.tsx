import type { Conversation } from '@liao/protocol';
import { Avatar } from '../ui/Avatar';
import type { ConversationFace } from './conversationText';
import { GroupMosaic } from './GroupMosaic';
import { useGroupFaces } from './useGroupFaces';

type Props = { conversation: Conversation; face: ConversationFace; size?: number };

/**
 * A chat's picture: the friend's avatar, or a group's mosaic of members (its initial until they
 * load). The mosaic reads the group's member list, which also names a group without a name
 * wherever its picture shows (the search's hits have no other hook).
 */
export function ConversationAvatar({ conversation, face, size = 40 }: Props) {
  const faces = useGroupFaces(conversation);
  if (faces) return <GroupMosaic faces={faces} size={size} />;
  return <Avatar name={face.avatarName} src={face.avatarUrl} size={size} />;
}
