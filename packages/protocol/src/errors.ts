/**
 * The one catalogue of error codes. Server code throws `AppError(code)`; HTTP renders
 * `{ error: { code, message, data } }` with the status below and the gateway sends an error
 * frame. Clients switch on `code`, never on the message text.
 */
export const ErrorCodes = {
  VALIDATION_FAILED: {
    status: 400,
    doc: 'The input does not match the schema; data.issues says where (and, for text, a stable reason: see text.ts MarkProblems).',
  },
  MALFORMED_JSON: { status: 400, doc: 'The body or frame is not valid JSON.' },
  BAD_FRAME: { status: 400, doc: 'A WebSocket frame that is not one of the protocol frames.' },
  UNAUTHENTICATED: { status: 401, doc: 'No session, or the session was signed out or has expired.' },
  INVALID_CREDENTIALS: { status: 401, doc: 'Wrong username or password (never says which).' },
  WRONG_PASSWORD: { status: 403, doc: 'The current password given to change it is wrong.' },
  ACCOUNT_DISABLED: { status: 403, doc: 'The account was disabled by an operator.' },
  REGISTRATION_CLOSED: {
    status: 403,
    doc: 'This server takes no sign-ups (LIAO_REGISTRATION=closed); its operator creates the accounts.',
  },
  FORBIDDEN_ORIGIN: {
    status: 403,
    doc: 'A browser request from another site (CSRF or WebSocket hijacking).',
  },
  NOT_FOUND: { status: 404, doc: 'No such route.' },
  USER_NOT_FOUND: { status: 404, doc: 'No such user, or not one you may see.' },
  SESSION_NOT_FOUND: { status: 404, doc: 'No such device session among your own.' },
  FRIEND_REQUEST_NOT_FOUND: { status: 404, doc: 'No such friend request addressed to or sent by you.' },
  FRIEND_NOT_FOUND: { status: 404, doc: 'That user is not your friend.' },
  MEDIA_NOT_FOUND: { status: 404, doc: 'No such media file, or not one you may see.' },
  IMAGE_NOT_FOUND: {
    status: 404,
    doc: 'An image message names an image that you did not upload into this conversation.',
  },
  USERNAME_TAKEN: { status: 409, doc: 'Another account already has that username (compared without case).' },
  USERNAME_RESERVED: { status: 400, doc: 'That username is reserved for the system.' },
  ALREADY_FRIENDS: { status: 409, doc: 'You are already friends.' },
  FRIEND_REQUEST_NOT_PENDING: {
    status: 409,
    doc: 'The request was already accepted, declined or cancelled.',
  },
  FRIEND_REQUEST_EXPIRED: { status: 410, doc: 'The request expired (after 7 days) without an answer.' },
  CANNOT_FRIEND_SELF: { status: 400, doc: 'You cannot send a friend request to yourself.' },
  CANNOT_BLOCK_SELF: { status: 400, doc: 'You cannot block yourself.' },
  USER_BLOCKED_BY_YOU: { status: 409, doc: 'You have blocked that user; unblock them first.' },
  CONVERSATION_NOT_FOUND: { status: 404, doc: 'No such conversation, or you are not (or no longer) in it.' },
  NOT_FRIENDS: { status: 403, doc: 'One-to-one chats are between friends; add them again to send.' },
  MESSAGE_REFUSED: { status: 403, doc: 'The recipient does not accept messages from you.' },
  NOT_GROUP_ADMIN: { status: 403, doc: 'Only the group owner or an admin may do this.' },
  NOT_GROUP_OWNER: { status: 403, doc: 'Only the group owner may do this.' },
  GROUP_FULL: { status: 409, doc: 'The group has reached its member limit (500).' },
  GROUP_DISSOLVED: { status: 410, doc: 'The group was dissolved; it is read-only.' },
  NOT_A_GROUP: { status: 400, doc: 'That only applies to group chats.' },
  SYNC_CURSOR_UNKNOWN: {
    status: 400,
    doc: 'The sync cursor (or resume point) is ahead of everything this server has stored: it was restored from a backup, or the cursor was made up. Forget the cursor and the cached conversations and sync again from null.',
  },
  CLIENT_ID_REUSED: { status: 409, doc: 'That client message id was already used for a different message.' },
  PAYLOAD_TOO_LARGE: { status: 413, doc: 'The body or frame is larger than allowed.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, doc: 'The body has a content type this endpoint does not take.' },
  INVALID_IMAGE: { status: 422, doc: 'The upload is not an image we can read (checked by content).' },
  IMAGE_TOO_LARGE: { status: 422, doc: 'The image has more pixels than allowed (decompression bomb guard).' },
  REPLY_TARGET_NOT_FOUND: {
    status: 404,
    doc: 'The message replied to is not one of this conversation that you may see (or is a system line).',
  },
  VIDEO_NOT_FOUND: { status: 404, doc: 'No such video, or not one you may see.' },
  VIDEO_NOT_READY: {
    status: 409,
    doc: 'The video is still processing (or failed); it has nothing to serve yet.',
  },
  UPLOAD_NOT_FOUND: {
    status: 404,
    doc: 'No such upload among your own (finished, expired or never started).',
  },
  UPLOAD_OFFSET_MISMATCH: {
    status: 409,
    doc: 'The upload is not at that offset (data.offset says where it is), or another request is writing it; ask with HEAD and continue.',
  },
  VIDEOS_UNAVAILABLE: {
    status: 503,
    doc: 'This server cannot take videos now: ffmpeg, which checks and transcodes them, is not installed on it. Its operator installs ffmpeg and restarts it.',
  },
  TOO_MANY_UPLOADS: {
    status: 429,
    doc: 'You have as many unfinished video uploads as allowed (data.limit, 5 by default); finish or cancel one first.',
  },
  TOO_MANY_UPLOAD_BYTES: {
    status: 429,
    doc: 'Your unfinished video uploads would declare more bytes than allowed (data.limitBytes, 2 GB by default); finish or cancel one first.',
  },
  INVALID_VIDEO: {
    status: 422,
    doc: 'The upload is not a video we take (checked by content): MP4, MOV or WebM with a video stream; never playlists.',
  },
  VIDEO_TOO_LONG: { status: 422, doc: 'The video is longer than allowed (3 minutes).' },
  VIDEO_TOO_LARGE: { status: 413, doc: 'The video file or its picture is larger than allowed (200 MB).' },
  TRANSCODE_FAILED: { status: 422, doc: 'The video was accepted but could not be converted for playback.' },
  QR_TICKET_NOT_FOUND: {
    status: 404,
    doc: 'No such sign-in code: mistyped, or its desktop closed the page. Scan the code on the screen again.',
  },
  QR_TICKET_EXPIRED: {
    status: 410,
    doc: 'The sign-in code expired (after 2 minutes); the desktop shows a new one.',
  },
  QR_TICKET_USED: { status: 409, doc: 'The sign-in code was already confirmed, cancelled or used.' },
  QR_TICKET_TAKEN: { status: 409, doc: 'Another account scanned this sign-in code first.' },
  QR_TICKET_NOT_SCANNED: { status: 409, doc: 'Confirm or cancel a sign-in code only after scanning it.' },
  QR_CLAIM_INVALID: { status: 401, doc: 'The sign-in claim is wrong, used or expired.' },
  TOO_MANY_CONNECTIONS: {
    status: 429,
    doc: 'The account has more live connections than allowed (20 by default), so its oldest was closed (close code 4029); reconnect only when the person asks.',
  },
  CALL_NOT_FOUND: { status: 404, doc: 'No such call, or not one of your conversations.' },
  CALL_ENDED: { status: 410, doc: 'The call has ended.' },
  CALL_FULL: { status: 409, doc: 'The call already has the most participants it can hold (9).' },
  ALREADY_IN_CALL: {
    status: 409,
    doc: 'You are already in a call (on this or another device); hang up first.',
  },
  CALL_ANSWERED_ELSEWHERE: { status: 409, doc: 'You answered this call on another device.' },
  CALL_REFUSED: { status: 403, doc: 'They do not accept calls from you.' },
  NOT_IN_CALL: { status: 409, doc: 'This device is not in that call.' },
  RATE_LIMITED: { status: 429, doc: 'Too many attempts; data.retryAfterSeconds says when to try again.' },
  INTERNAL: { status: 500, doc: 'An unexpected server fault; nothing was changed.' },
  UNAVAILABLE: { status: 503, doc: 'The server is shutting down or cannot reach its store; try again.' },
} as const satisfies Record<string, { status: number; doc: string }>;

export type ErrorCode = keyof typeof ErrorCodes;

export function errorStatus(code: ErrorCode): number {
  return ErrorCodes[code].status;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ErrorCodes, value);
}

/** The shape of every error body over HTTP and of the payload of an error frame. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  data?: Record<string, unknown>;
}
