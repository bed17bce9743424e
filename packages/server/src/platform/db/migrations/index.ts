import type { Migration } from 'kysely';
import * as m0010 from './0010-create-accounts';
import * as m0020 from './0020-create-sessions';
import * as m0030 from './0030-create-friends';
import * as m0040 from './0040-create-media';
import * as m0050 from './0050-hide-blocked-friend-requests';
import * as m0060 from './0060-create-conversations';
import * as m0070 from './0070-add-user-presence';
import * as m0080 from './0080-add-marked-unread';
import * as m0090 from './0090-index-system-lines';
import * as m0100 from './0100-create-images';
import * as m0110 from './0110-create-videos';
import * as m0120 from './0120-index-video-uploads-owner';
import * as m0130 from './0130-index-media-messages';
import * as m0140 from './0140-add-draft-updated-at';
import * as m0150 from './0150-create-push';
import * as m0160 from './0160-create-calls';
import * as m0170 from './0170-add-call-host-node';

/**
 * Every migration, in order. Listed statically (not read from the folder) so that the bundled
 * server carries them. Never edit one that has shipped: add the next number.
 */
export const migrations: Record<string, Migration> = {
  '0010-create-accounts': m0010,
  '0020-create-sessions': m0020,
  '0030-create-friends': m0030,
  '0040-create-media': m0040,
  '0050-hide-blocked-friend-requests': m0050,
  '0060-create-conversations': m0060,
  '0070-add-user-presence': m0070,
  '0080-add-marked-unread': m0080,
  '0090-index-system-lines': m0090,
  '0100-create-images': m0100,
  '0110-create-videos': m0110,
  '0120-index-video-uploads-owner': m0120,
  '0130-index-media-messages': m0130,
  '0140-add-draft-updated-at': m0140,
  '0150-create-push': m0150,
  '0160-create-calls': m0160,
  '0170-add-call-host-node': m0170,
};
