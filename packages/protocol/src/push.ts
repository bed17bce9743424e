import { z } from 'zod';
import { Id, Timestamp } from './common';

/**
 * Web Push (issue 18): a device's subscription, the notifications pushed to its service
 * worker, and the server's VAPID public key the browser subscribes with.
 */

/** Longest endpoint accepted: the push services' own are 150–400 characters. */
export const PUSH_ENDPOINT_MAX = 1024;

/** Text of a message shown in a notification: enough for a lock screen, well inside 4 KB of payload. */
export const PUSH_PREVIEW_MAX = 120;

/**
 * The browser's P-256 public key: an uncompressed point (0x04, then 64 bytes), 65 bytes in
 * unpadded base64url, which always begins with "B".
 */
const P256dh = z.string().regex(/^B[A-Za-z0-9_-]{86}$/, 'must be a base64url P-256 public key');
/** The browser's 16-byte auth secret, unpadded base64url. */
const AuthSecret = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'must be a base64url 16-byte secret');

/** GET /api/push/key: what `pushManager.subscribe({ applicationServerKey })` takes. */
export const PushKey = z.object({ publicKey: z.string() });
export type PushKey = z.infer<typeof PushKey>;

/**
 * PUT /api/push/subscription: this device's subscription (what `PushSubscription.toJSON()`
 * gives, less its expiration time), replacing the one it had. `hidePreview` left out keeps the
 * device's setting, or is on for a first subscription.
 */
export const PutPushSubscriptionBody = z.strictObject({
  endpoint: z.url({ protocol: /^https?$/ }).max(PUSH_ENDPOINT_MAX),
  keys: z.object({ p256dh: P256dh, auth: AuthSecret }),
  hidePreview: z.boolean().optional(),
  // What PushSubscription.toJSON() adds; not kept.
  expirationTime: z.number().nullable().optional(),
});
export type PutPushSubscriptionBody = z.input<typeof PutPushSubscriptionBody>;

/** PATCH /api/push/subscription: the device's preview setting. */
export const PatchPushSubscriptionBody = z.strictObject({ hidePreview: z.boolean() });
export type PatchPushSubscriptionBody = z.input<typeof PatchPushSubscriptionBody>;

/** This device's subscription as the server holds it, or null when it has none. */
export const PushSubscriptionState = z.object({
  subscription: z
    .object({
      endpoint: z.string(),
      /** Notifications say only "你收到了一条新消息", with no sender, chat name or text. */
      hidePreview: z.boolean(),
      createdAt: Timestamp,
    })
    .nullable(),
});
export type PushSubscriptionState = z.infer<typeof PushSubscriptionState>;

/**
 * What a message notification previews: its text (cut to PUSH_PREVIEW_MAX), or its kind for
 * the service worker to say in the person's language ("[图片]", "[视频]").
 */
export const PushPreview = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('image') }),
  z.object({ kind: z.literal('video') }),
  /** A call's line: the worker says "[语音通话]" or "[视频通话]". */
  z.object({ kind: z.literal('call'), media: z.enum(['voice', 'video']) }),
]);
export type PushPreview = z.infer<typeof PushPreview>;

/**
 * New messages in a chat. One notification per chat: `tag` replaces the one shown, and `count`
 * says how many came since the device last read the chat ("3 条新消息"). With the preview
 * hidden, `title`, `senderName` and `preview` are null and the worker shows a generic line.
 */
export const PushMessageNotification = z.object({
  type: z.literal('message'),
  tag: z.string(),
  conversationId: Id,
  conversationKind: z.enum(['direct', 'group']),
  /** The group's name, or the sender's name in a one-to-one chat; null when hidden or unnamed. */
  title: z.string().nullable(),
  senderName: z.string().nullable(),
  preview: PushPreview.nullable(),
  count: z.number().int().positive(),
  /** The app badge (navigator.setAppBadge): unread messages in chats not muted, plus friend requests waiting. */
  unreadTotal: z.number().int().nonnegative(),
  /** Where clicking opens the app (the web app's route of the chat). */
  url: z.string(),
});

/** Someone asked to be friends; the preview hidden, no name or greeting. */
export const PushFriendRequestNotification = z.object({
  type: z.literal('friendRequest'),
  tag: z.string(),
  requestId: Id,
  fromName: z.string().nullable(),
  greeting: z.string().nullable(),
  url: z.string(),
});

/**
 * Someone is calling (issue 19): shown until the ring stops, which a `clear` with the same tag
 * says. The preview hidden, no name.
 */
export const PushCallNotification = z.object({
  type: z.literal('call'),
  tag: z.string(),
  callId: Id,
  conversationId: Id,
  media: z.enum(['voice', 'video']),
  /** Who calls, or a group's name for a group call; null when hidden. */
  fromName: z.string().nullable(),
  url: z.string(),
});

/** The chat was read on another device: close the notification with this tag, update the badge. */
export const PushClearNotification = z.object({
  type: z.literal('clear'),
  tag: z.string(),
  unreadTotal: z.number().int().nonnegative(),
});

/** Every payload the server pushes (decrypted by the browser, handed to the service worker). */
export const PushNotification = z.discriminatedUnion('type', [
  PushMessageNotification,
  PushFriendRequestNotification,
  PushCallNotification,
  PushClearNotification,
]);
export type PushNotification = z.infer<typeof PushNotification>;

/** The tag of a call's ringing notification. */
export function callPushTag(callId: string): string {
  return `call:${callId}`;
}

/** The tag of the notification about friend requests: one for all of them. */
export const FRIEND_REQUESTS_PUSH_TAG = 'friend-requests';
