import {
  AuthResult,
  BlockList,
  type ChangePasswordBody,
  Conversation,
  type CreateGroupBody,
  DeviceList,
  Friend,
  FriendList,
  FriendRequest,
  FriendRequestList,
  MAX_PRESENCE_QUERY,
  Me,
  MemberList,
  type PatchPushSubscriptionBody,
  PresenceList,
  PublicUser,
  PushKey,
  PushSubscriptionState,
  type PutPushSubscriptionBody,
  type QrClaimBody,
  QrScanResult,
  type RegisterBody,
  RegistrationInfo,
  SearchUserResult,
  SendFriendRequestResult,
  type ShareVideoBody,
  ShareVideoResult,
  type SignInBody,
  type UpdateConversationBody,
  type UpdateProfileBody,
  type UpdateVideoBody,
  UploadedImage,
  type UserPresence,
  Video,
  VideoPage,
  type VideoPageQuery,
  VideoPosting,
} from '@liao/protocol';
import { z } from 'zod';
import { HttpTransport, type TransportOptions } from './transport';
import { bodySize, postWithProgress, type UploadOptions, xhrConstructor } from './upload';
import { uploadVideoByTus, type VideoUploadOptions } from './videoUpload';

const SignedOutCount = z.object({ signedOutDevices: z.number() });
const OpenDirectResult = z.object({ conversationId: z.string() });
const AcceptResult = z.object({ friend: Friend });
const RequestResult = z.object({ request: FriendRequest });
const ConversationResult = z.object({ conversation: Conversation });
const VideoResult = z.object({ video: Video });

function conversationPath(conversationId: string): string {
  return `/conversations/${encodeURIComponent(conversationId)}`;
}

/** Every HTTP endpoint of the server, typed from the protocol and validated on the way in. */
export class LiaoApi {
  readonly http: HttpTransport;
  private readonly fetchImpl: typeof fetch;

  constructor(options: TransportOptions) {
    this.http = new HttpTransport(options);
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  // Accounts and sessions

  /** Makes an account and signs this device in. */
  register(body: RegisterBody): Promise<AuthResult> {
    return this.http.request('POST', '/accounts', AuthResult, { body });
  }

  /** Whether this server lets people sign up (REGISTRATION_CLOSED otherwise); asked before signing in. */
  getRegistration(): Promise<RegistrationInfo> {
    return this.http.request('GET', '/accounts/registration', RegistrationInfo);
  }

  /** Signs in with username and password: a new device session. */
  signIn(body: SignInBody): Promise<AuthResult> {
    return this.http.request('POST', '/sessions', AuthResult, { body });
  }

  /** Signs this device out. */
  async signOut(): Promise<void> {
    await this.http.request('DELETE', '/sessions/current', null);
  }

  /**
   * Asks the browser to drop what its HTTP cache holds of this site (pictures of chats, avatars),
   * as the sign-out wipe does; needs no session, since a remote sign-out has none left.
   */
  async forgetBrowserCache(): Promise<void> {
    await this.http.request('POST', '/sessions/forget-browser', null);
  }

  getMe(): Promise<Me> {
    return this.http.request('GET', '/me', Me);
  }

  updateProfile(body: UpdateProfileBody): Promise<Me> {
    return this.http.request('PATCH', '/me', Me, { body });
  }

  /** Uploads an avatar image; the server checks it by content and re-encodes it. */
  setAvatar(data: Blob | Uint8Array, type: string): Promise<Me> {
    return this.http.request('PUT', '/me/avatar', Me, { blob: { data, type } });
  }

  /** Changes the password; every other device is signed out. */
  async changePassword(body: ChangePasswordBody): Promise<number> {
    return (await this.http.request('POST', '/me/password', SignedOutCount, { body })).signedOutDevices;
  }

  async listDevices() {
    return (await this.http.request('GET', '/sessions', DeviceList)).devices;
  }

  async signOutDevice(sessionId: string): Promise<void> {
    await this.http.request('DELETE', `/sessions/${encodeURIComponent(sessionId)}`, null);
  }

  async signOutOtherDevices(): Promise<number> {
    return (await this.http.request('POST', '/sessions/sign-out-others', SignedOutCount)).signedOutDevices;
  }

  // QR sign-in (the phone's side: scan, then confirm or cancel; the desktop's: claim)

  /** The phone read a sign-in code: it is now this account's to confirm; says what is asking. */
  scanQr(code: string): Promise<QrScanResult> {
    return this.http.request('POST', '/qr/scan', QrScanResult, { body: { code } });
  }

  /** Signs the desktop that shows the code in as this account (only after scanning it). */
  async confirmQr(code: string): Promise<void> {
    await this.http.request('POST', '/qr/confirm', null, { body: { code } });
  }

  /** Refuses the sign-in; the desktop is told and may show a new code. */
  async cancelQr(code: string): Promise<void> {
    await this.http.request('POST', '/qr/cancel', null, { body: { code } });
  }

  /**
   * The desktop trades the one-time claim from `qr.confirmed` for a device session: the
   * cookie is set (or, for `transport: 'bearer'`, the token comes back in the answer).
   */
  claimQr(body: QrClaimBody): Promise<AuthResult> {
    return this.http.request('POST', '/qr/claim', AuthResult, { body });
  }

  // Users and friends

  /** Finds a user by exact username (without case); USER_NOT_FOUND when none may be found. */
  searchUser(username: string): Promise<SearchUserResult> {
    return this.http.request('GET', '/users/search', SearchUserResult, { query: { username } });
  }

  getUser(userId: string): Promise<PublicUser> {
    return this.http.request('GET', `/users/${encodeURIComponent(userId)}`, PublicUser);
  }

  sendFriendRequest(userId: string, greeting = ''): Promise<SendFriendRequestResult> {
    return this.http.request('POST', '/friend-requests', SendFriendRequestResult, {
      body: { userId, greeting },
    });
  }

  listFriendRequests(): Promise<FriendRequestList> {
    return this.http.request('GET', '/friend-requests', FriendRequestList);
  }

  async acceptFriendRequest(requestId: string): Promise<Friend> {
    return (
      await this.http.request(
        'POST',
        `/friend-requests/${encodeURIComponent(requestId)}/accept`,
        AcceptResult,
      )
    ).friend;
  }

  async declineFriendRequest(requestId: string): Promise<FriendRequest> {
    return (
      await this.http.request(
        'POST',
        `/friend-requests/${encodeURIComponent(requestId)}/decline`,
        RequestResult,
      )
    ).request;
  }

  /** Withdraws a request you sent. */
  async cancelFriendRequest(requestId: string): Promise<FriendRequest> {
    return (
      await this.http.request('DELETE', `/friend-requests/${encodeURIComponent(requestId)}`, RequestResult)
    ).request;
  }

  async listFriends(): Promise<Friend[]> {
    return (await this.http.request('GET', '/friends', FriendList)).friends;
  }

  /** Sets the private alias (备注) for a friend; '' clears it. */
  setRemark(userId: string, remark: string): Promise<Friend> {
    return this.http.request('PATCH', `/friends/${encodeURIComponent(userId)}`, Friend, { body: { remark } });
  }

  async deleteFriend(userId: string): Promise<void> {
    await this.http.request('DELETE', `/friends/${encodeURIComponent(userId)}`, null);
  }

  // Conversations

  /** Opens (or finds) the one-to-one chat with a friend; returns its id. */
  async openDirect(userId: string): Promise<string> {
    return (await this.http.request('POST', '/conversations/direct', OpenDirectResult, { body: { userId } }))
      .conversationId;
  }

  listMembers(conversationId: string): Promise<MemberList> {
    return this.http.request('GET', `${conversationPath(conversationId)}/members`, MemberList);
  }

  /** Makes a group of the caller (its owner) and two or more friends; returns the caller's view. */
  async createGroup(body: CreateGroupBody): Promise<Conversation> {
    return (await this.http.request('POST', '/conversations', ConversationResult, { body })).conversation;
  }

  /** Pins, mutes, keeps a draft (the caller's own, on every device) or renames a group. */
  async updateConversation(conversationId: string, body: UpdateConversationBody): Promise<Conversation> {
    return (await this.http.request('PATCH', conversationPath(conversationId), ConversationResult, { body }))
      .conversation;
  }

  /** Deletes the chat from the caller's list and clears its history there; a new message brings it back. */
  /**
   * Uploads an image into a conversation, to send it there with client.sendImage. The server
   * checks it by content (PNG, JPEG, WebP, GIF, HEIC; up to MAX_IMAGE_BYTES) and answers its
   * id and true size. In a browser, with onProgress, it goes by XMLHttpRequest so that progress
   * is reported as the bytes go; elsewhere by fetch, with progress at the start and the end.
   */
  async uploadImage(
    conversationId: string,
    data: Blob | Uint8Array,
    type: string,
    options: UploadOptions = {},
  ): Promise<UploadedImage> {
    const path = `${conversationPath(conversationId)}/images`;
    const Request = xhrConstructor();
    if (options.onProgress && Request) {
      const headers = { ...this.http.authHeaders(), 'content-type': type };
      return postWithProgress(
        Request,
        `${this.http.baseUrl}/api${path}`,
        headers,
        data,
        UploadedImage,
        options,
      );
    }
    const total = bodySize(data);
    options.onProgress?.(0, total);
    const image = await this.http.request('POST', path, UploadedImage, {
      blob: { data, type },
      signal: options.signal,
    });
    options.onProgress?.(total, total);
    return image;
  }

  // Videos

  /**
   * Uploads a short video (resumable: pass the uploadUrl that onCreated gave to continue after a
   * reload). Resolves with the video, still processing; `video.updated` events follow it.
   */
  uploadVideo(data: Blob | Uint8Array, options: VideoUploadOptions = {}): Promise<Video> {
    const transport = {
      baseUrl: this.http.baseUrl,
      fetch: this.fetchImpl,
      authHeaders: () => this.http.authHeaders(),
    };
    return uploadVideoByTus(transport, data, options);
  }

  /** Drops an unfinished upload and what the server holds of it. */
  async cancelVideoUpload(uploadUrl: string): Promise<void> {
    await this.fetchImpl(uploadUrl, {
      method: 'DELETE',
      headers: { 'tus-resumable': '1.0.0', ...this.http.authHeaders() },
      credentials: 'same-origin',
    });
  }

  /** Whether this server takes new videos (it cannot without ffmpeg: uploads are then refused with VIDEOS_UNAVAILABLE). */
  videoPosting(): Promise<VideoPosting> {
    return this.http.request('GET', '/videos/posting', VideoPosting);
  }

  /** My videos in every state, newest first. */
  listMyVideos(query: VideoPageQuery = {}): Promise<VideoPage> {
    return this.http.request('GET', '/videos/mine', VideoPage, { query: pageQuery(query) });
  }

  /** A profile's grid: the user's ready videos that I may see. */
  listUserVideos(userId: string, query: VideoPageQuery = {}): Promise<VideoPage> {
    return this.http.request('GET', `/users/${encodeURIComponent(userId)}/videos`, VideoPage, {
      query: pageQuery(query),
    });
  }

  /** Friends' videos, newest first. */
  videoFeed(query: VideoPageQuery = {}): Promise<VideoPage> {
    return this.http.request('GET', '/videos/feed', VideoPage, { query: pageQuery(query) });
  }

  async getVideo(videoId: string): Promise<Video> {
    return (await this.http.request('GET', `/videos/${encodeURIComponent(videoId)}`, VideoResult)).video;
  }

  async updateVideo(videoId: string, body: UpdateVideoBody): Promise<Video> {
    return (await this.http.request('PATCH', `/videos/${encodeURIComponent(videoId)}`, VideoResult, { body }))
      .video;
  }

  async deleteVideo(videoId: string): Promise<void> {
    await this.http.request('DELETE', `/videos/${encodeURIComponent(videoId)}`, null);
  }

  /**
   * Shares a video into up to nine chats (WeChat's forward), one video message each, with
   * per-chat results. Give a fresh `requestId` per share and the same one when repeating it
   * after a failure: the server then answers the same messages instead of sending again.
   */
  async shareVideo(videoId: string, body: ShareVideoBody): Promise<ShareVideoResult> {
    return this.http.request('POST', `/videos/${encodeURIComponent(videoId)}/share`, ShareVideoResult, {
      body,
    });
  }

  async deleteConversation(conversationId: string): Promise<Conversation> {
    return (await this.http.request('DELETE', conversationPath(conversationId), ConversationResult))
      .conversation;
  }

  /** Adds friends to a group (any member may). */
  inviteMembers(conversationId: string, userIds: string[]): Promise<Conversation> {
    return this.changeGroup('POST', `${conversationPath(conversationId)}/members`, { userIds });
  }

  /** Removes a member (owner and admins; removing yourself is leaving). */
  removeMember(conversationId: string, userId: string): Promise<Conversation> {
    return this.changeGroup(
      'DELETE',
      `${conversationPath(conversationId)}/members/${encodeURIComponent(userId)}`,
    );
  }

  leaveGroup(conversationId: string): Promise<Conversation> {
    return this.changeGroup('POST', `${conversationPath(conversationId)}/leave`);
  }

  /** Hands the group to another member (owner only). */
  transferOwnership(conversationId: string, userId: string): Promise<Conversation> {
    return this.changeGroup('POST', `${conversationPath(conversationId)}/owner`, { userId });
  }

  /** Appoints (true) or dismisses (false) an admin (owner only). */
  setAdmin(conversationId: string, userId: string, admin: boolean): Promise<Conversation> {
    return this.changeGroup(
      admin ? 'PUT' : 'DELETE',
      `${conversationPath(conversationId)}/admins/${encodeURIComponent(userId)}`,
    );
  }

  /** Ends the group for everyone (owner only); it stays readable, marked dissolved. */
  dissolveGroup(conversationId: string): Promise<Conversation> {
    return this.changeGroup('POST', `${conversationPath(conversationId)}/dissolve`);
  }

  /** Sets the caller's 群昵称 in a group; '' clears it. */
  setNickname(conversationId: string, nickname: string): Promise<Conversation> {
    return this.changeGroup('PUT', `${conversationPath(conversationId)}/nickname`, { nickname });
  }

  /** Whether friends are online, else when last seen; non-friends are left out. Asks in pages. */
  async getPresence(userIds: string[]): Promise<UserPresence[]> {
    const presence: UserPresence[] = [];
    for (let i = 0; i < userIds.length; i += MAX_PRESENCE_QUERY) {
      const page = userIds.slice(i, i + MAX_PRESENCE_QUERY).join(',');
      presence.push(
        ...(await this.http.request('GET', '/presence', PresenceList, { query: { userIds: page } })).presence,
      );
    }
    return presence;
  }

  private async changeGroup(method: string, path: string, body?: unknown): Promise<Conversation> {
    return (await this.http.request(method, path, ConversationResult, body === undefined ? {} : { body }))
      .conversation;
  }

  async listBlocked() {
    return (await this.http.request('GET', '/blocks', BlockList)).blocked;
  }

  async block(userId: string): Promise<void> {
    await this.http.request('PUT', `/blocks/${encodeURIComponent(userId)}`, null);
  }

  async unblock(userId: string): Promise<void> {
    await this.http.request('DELETE', `/blocks/${encodeURIComponent(userId)}`, null);
  }

  // Web Push (this device's subscription; the service worker shows what arrives)

  /**
   * The server's VAPID public key, for `pushManager.subscribe({ applicationServerKey })`. A
   * device whose subscription was made with another key (the operator rotated it) subscribes
   * again.
   */
  async getPushKey(): Promise<string> {
    return (await this.http.request('GET', '/push/key', PushKey)).publicKey;
  }

  /** This device's subscription as the server holds it (null: push is off on this device). */
  getPushSubscription(): Promise<PushSubscriptionState> {
    return this.http.request('GET', '/push/subscription', PushSubscriptionState);
  }

  /**
   * Turns push on for this device with the browser's subscription (`PushSubscription.toJSON()`),
   * replacing the one it had; previews stay hidden unless `hidePreview: false`.
   */
  setPushSubscription(body: PutPushSubscriptionBody): Promise<PushSubscriptionState> {
    return this.http.request('PUT', '/push/subscription', PushSubscriptionState, { body });
  }

  /** Shows or hides sender and text in this device's notifications. */
  updatePushSubscription(body: PatchPushSubscriptionBody): Promise<PushSubscriptionState> {
    return this.http.request('PATCH', '/push/subscription', PushSubscriptionState, { body });
  }

  /** Turns push off on this device. */
  async deletePushSubscription(): Promise<void> {
    await this.http.request('DELETE', '/push/subscription', null);
  }
}

function pageQuery(query: VideoPageQuery): Record<string, string> {
  const out: Record<string, string> = {};
  if (query.cursor) out.cursor = query.cursor;
  if (query.limit !== undefined) out.limit = String(query.limit);
  return out;
}
