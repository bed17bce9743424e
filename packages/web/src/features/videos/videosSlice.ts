import { LiaoError } from '@liao/client';
import type {
  PublicUser,
  ShareVideoBody,
  ShareVideoResult,
  UpdateVideoBody,
  Video,
  VideoPage,
  Visibility,
} from '@liao/protocol';
import type { LoadStatus, SliceCreator } from '../../app/state/types';
import { videoFingerprint } from './videoFiles';
import { findResumeUrl, forgetUpload, rememberUpload } from './videoResume';
import { newerVideo, upsertVideo } from './videosModel';

/** A list of videos read page by page, newest first. */
export interface VideoList {
  videos: Video[];
  /** Where the next page starts; null once the last page is in. */
  nextCursor: string | null;
  /** 'loading' with videos already in means a further page is on its way. */
  status: LoadStatus;
}

export type VideoUploadPhase = 'uploading' | 'processing' | 'ready' | 'failed';

/** The video being posted, from the first byte sent until it is ready or failed. */
export interface VideoUpload {
  fileName: string;
  phase: VideoUploadPhase;
  /** Bytes the server has, of total. */
  sent: number;
  total: number;
  /** The bytes the server already had when an earlier upload was taken up again; null when new. */
  resumedFrom: number | null;
  /** Known once the server has the whole file. */
  videoId: string | null;
  /** 0…1 of the transcode while processing. */
  progress: number;
  /** Why it failed: an upload refusal, a dropped connection, or TRANSCODE_FAILED. */
  error: unknown;
}

export interface VideoDraft {
  caption: string;
  visibility: Visibility;
}

export interface VideosSlice {
  // State
  myVideos: VideoList;
  videoFeed: VideoList;
  /** A profile's grid, by user id. */
  userVideos: Record<string, VideoList>;
  /** The people the pages name (owners in the feed), by id. */
  videoOwners: Record<string, PublicUser>;
  videoUpload: VideoUpload | null;
  /** The "post a video" dialog. */
  videoComposerOpen: boolean;
  /** Whether the server takes new videos (false without ffmpeg there); null until asked, when the dialog opens. */
  videoPostingAvailable: boolean | null;
  /** The video open in the player. */
  playingVideo: Video | null;
  // Actions
  loadMyVideos(options?: { more?: boolean }): Promise<void>;
  loadVideoFeed(options?: { more?: boolean }): Promise<void>;
  loadUserVideos(userId: string, options?: { more?: boolean }): Promise<void>;
  /**
   * Uploads a picked file (checked by checkVideoFile first), resuming an earlier upload of the
   * same file; then follows its processing by `video.updated`. Failure is a state, not a throw.
   */
  postVideo(file: File, draft: VideoDraft): Promise<void>;
  /** Posts the last file again after a failed upload (it resumes where the server has it). */
  retryVideoUpload(): Promise<void>;
  /** Stops the upload and drops what the server holds of it. */
  cancelVideoUpload(): void;
  /** Forgets a finished, processing or failed upload (processing goes on, shown in My videos). */
  dismissVideoUpload(): void;
  openVideoComposer(): void;
  closeVideoComposer(): void;
  openVideo(video: Video): void;
  closeVideo(): void;
  /** A `video.updated` event: one of my videos changed (progress, ready, failed, edited elsewhere). */
  applyVideoUpdate(video: Video): void;
  /** Changes my video's caption or who may watch it; the grids and the player show the answer. Throws a refusal. */
  editVideo(videoId: string, change: UpdateVideoBody): Promise<void>;
  /** Deletes my video: it leaves every grid, the player and the share dialog. Throws a refusal. */
  deleteVideo(videoId: string): Promise<void>;
  /** Reads one video from the server (the lists are left as they are). Throws a refusal. */
  readVideo(videoId: string): Promise<Video>;
  /** Shares a video into chats; the answer says which chats took it. Throws a refusal of the whole share. */
  sendVideoShare(videoId: string, body: ShareVideoBody): Promise<ShareVideoResult>;
  /** Signing out: the lists belong to the account. */
  resetVideos(): void;
}

/**
 * Small enough that the bar moves often and a drop loses little; big enough to stay at about a
 * hundred requests for the largest video allowed.
 */
const UPLOAD_CHUNK_BYTES = 2 * 1024 * 1024;

/** The server refused or forgot the upload: its URL will never work again. */
const DEAD_UPLOAD_CODES = new Set(['INVALID_VIDEO', 'VIDEO_TOO_LONG', 'VIDEO_TOO_LARGE', 'UPLOAD_NOT_FOUND']);

const EMPTY_LIST: VideoList = { videos: [], nextCursor: null, status: 'idle' };

function phaseOf(video: Video): VideoUploadPhase {
  return video.state === 'uploading' ? 'processing' : video.state;
}

function transcodeError(video: Video): unknown {
  return video.state === 'failed'
    ? new LiaoError(video.error ?? 'TRANSCODE_FAILED', 0, 'The video could not be processed.')
    : null;
}

/** The upload once its video is known, as that video says (progress, ready, failed). */
function followVideo(upload: VideoUpload, video: Video): VideoUpload {
  return {
    ...upload,
    videoId: video.id,
    sent: upload.total,
    phase: phaseOf(video),
    progress: video.progress,
    error: transcodeError(video),
  };
}

/** A page laid over what the list has: newer copies (from live events) win, later pages append. */
function mergePage(list: VideoList, page: VideoPage, more: boolean): VideoList {
  let videos = more ? list.videos : [];
  for (const video of page.videos) {
    const known = list.videos.find((v) => v.id === video.id);
    videos = upsertVideo(videos, known ? newerVideo(known, video) : video);
  }
  if (!more) {
    // A video posted while the page was read (known by its live event) stays; older ones the
    // page left out are gone (deleted elsewhere).
    const newestInPage = page.videos[0]?.createdAt ?? Number.NEGATIVE_INFINITY;
    for (const known of list.videos)
      if (known.createdAt > newestInPage && !videos.some((v) => v.id === known.id))
        videos = upsertVideo(videos, known);
  }
  return { videos, nextCursor: page.nextCursor, status: 'ready' };
}

export const createVideosSlice: SliceCreator<VideosSlice> = (set, get, sdk) => {
  /** The file being posted (kept for a retry) and how to stop it. */
  let job: { file: File; draft: VideoDraft; fingerprint: string; abort: AbortController } | null = null;
  /** Each list's newest request: older replies are dropped. */
  const requests = new Map<string, number>();
  let nextRequest = 1;

  function setUpload(update: (u: VideoUpload) => VideoUpload): void {
    set((s) => (s.videoUpload ? { videoUpload: update(s.videoUpload) } : s));
  }

  async function loadList(
    key: string,
    read: (s: VideosSlice) => VideoList,
    write: (list: VideoList) => Partial<VideosSlice>,
    fetchPage: (cursor: string | undefined) => Promise<VideoPage>,
    more: boolean,
  ): Promise<void> {
    const before = read(get());
    if (more && (before.nextCursor === null || before.status === 'loading')) return;
    const mine = nextRequest++;
    requests.set(key, mine);
    set(write({ ...before, status: 'loading' }));
    try {
      const page = await get().guard(fetchPage(more ? (before.nextCursor ?? undefined) : undefined));
      if (requests.get(key) !== mine) return;
      const owners = { ...get().videoOwners };
      for (const user of page.users) owners[user.id] = user;
      set({ ...write(mergePage(read(get()), page, more)), videoOwners: owners });
    } catch {
      if (requests.get(key) === mine) set(write({ ...read(get()), status: 'error' }));
    }
  }

  async function runUpload(): Promise<void> {
    const current = job;
    if (!current) return;
    const { file, draft, fingerprint, abort } = current;
    const uploadUrl = findResumeUrl(fingerprint);
    let firstProgress = true;
    set({
      videoUpload: {
        fileName: file.name,
        phase: 'uploading',
        sent: 0,
        total: file.size,
        resumedFrom: null,
        videoId: null,
        progress: 0,
        error: null,
      },
    });
    try {
      const video = await get().guard(
        sdk.api.uploadVideo(file, {
          caption: draft.caption,
          visibility: draft.visibility,
          uploadUrl,
          chunkSize: UPLOAD_CHUNK_BYTES,
          signal: abort.signal,
          onCreated: (url) => rememberUpload(fingerprint, url),
          onProgress(sent, total) {
            if (job !== current) return;
            const resumedFrom = firstProgress && uploadUrl && sent > 0 ? sent : null;
            firstProgress = false;
            setUpload((u) => ({ ...u, sent, total, resumedFrom: resumedFrom ?? u.resumedFrom }));
          },
        }),
      );
      forgetUpload(fingerprint);
      if (job !== current) return;
      job = null;
      // Its first `video.updated` events may have come before this reply.
      const known = get().myVideos.videos.find((v) => v.id === video.id);
      const newest = known ? newerVideo(known, video) : video;
      set((s) => ({
        myVideos: { ...s.myVideos, videos: upsertVideo(s.myVideos.videos, newest) },
        videoUpload: s.videoUpload && followVideo(s.videoUpload, newest),
      }));
    } catch (error) {
      if (job !== current) return;
      if (error instanceof LiaoError && DEAD_UPLOAD_CODES.has(error.code)) forgetUpload(fingerprint);
      setUpload((u) => ({ ...u, phase: 'failed', error }));
    }
  }

  return {
    myVideos: EMPTY_LIST,
    videoFeed: EMPTY_LIST,
    userVideos: {},
    videoOwners: {},
    videoUpload: null,
    videoComposerOpen: false,
    videoPostingAvailable: null,
    playingVideo: null,

    loadMyVideos({ more = false } = {}) {
      return loadList(
        'mine',
        (s) => s.myVideos,
        (myVideos) => ({ myVideos }),
        (cursor) => sdk.api.listMyVideos(cursor ? { cursor } : {}),
        more,
      );
    },

    loadVideoFeed({ more = false } = {}) {
      return loadList(
        'feed',
        (s) => s.videoFeed,
        (videoFeed) => ({ videoFeed }),
        (cursor) => sdk.api.videoFeed(cursor ? { cursor } : {}),
        more,
      );
    },

    loadUserVideos(userId, { more = false } = {}) {
      return loadList(
        `user:${userId}`,
        (s) => s.userVideos[userId] ?? EMPTY_LIST,
        (list) => ({ userVideos: { ...get().userVideos, [userId]: list } }),
        (cursor) => sdk.api.listUserVideos(userId, cursor ? { cursor } : {}),
        more,
      );
    },

    async postVideo(file, draft) {
      const me = get().me;
      if (!me) return;
      job?.abort.abort();
      job = { file, draft, fingerprint: videoFingerprint(me.id, file), abort: new AbortController() };
      await runUpload();
    },

    async retryVideoUpload() {
      if (!job || get().videoUpload?.phase !== 'failed') return;
      job = { ...job, abort: new AbortController() };
      await runUpload();
    },

    cancelVideoUpload() {
      const current = job;
      job = null;
      set({ videoUpload: null });
      if (!current) return;
      current.abort.abort();
      const url = findResumeUrl(current.fingerprint);
      forgetUpload(current.fingerprint);
      if (url) void sdk.api.cancelVideoUpload(url).catch(() => undefined);
    },

    dismissVideoUpload() {
      if (get().videoUpload?.phase === 'uploading') return;
      job = null;
      set({ videoUpload: null });
    },

    openVideoComposer() {
      set({ videoComposerOpen: true });
      // Asked each time: the operator may have installed ffmpeg and restarted since. Unanswered
      // (offline), the dialog stays as it was, and an upload's own refusal says why.
      sdk.api.videoPosting().then(
        ({ available }) => set({ videoPostingAvailable: available }),
        () => undefined,
      );
    },

    closeVideoComposer() {
      // An upload goes on behind the closed dialog; a finished one is done with.
      const phase = get().videoUpload?.phase;
      if (phase === 'ready' || phase === 'failed') get().dismissVideoUpload();
      set({ videoComposerOpen: false });
    },

    openVideo(video) {
      set({ playingVideo: video });
    },

    closeVideo() {
      set({ playingVideo: null });
    },

    applyVideoUpdate(video) {
      set((s) => {
        const known = s.myVideos.videos.find((v) => v.id === video.id);
        const newest = known ? newerVideo(known, video) : video;
        const replaceIn = (list: VideoList): VideoList =>
          list.videos.some((v) => v.id === video.id)
            ? { ...list, videos: upsertVideo(list.videos, newest) }
            : list;
        const userVideos = { ...s.userVideos };
        for (const [userId, list] of Object.entries(userVideos)) userVideos[userId] = replaceIn(list);
        return {
          myVideos: { ...s.myVideos, videos: upsertVideo(s.myVideos.videos, newest) },
          videoFeed: replaceIn(s.videoFeed),
          userVideos,
          videoUpload:
            s.videoUpload?.videoId === video.id ? followVideo(s.videoUpload, newest) : s.videoUpload,
          playingVideo: s.playingVideo?.id === video.id ? newest : s.playingVideo,
        };
      });
    },

    async editVideo(videoId, change) {
      const video = await get().guard(sdk.api.updateVideo(videoId, change));
      // A progress event newer than the answer must stay, and must not undo the edit either.
      const known = get().myVideos.videos.find((v) => v.id === videoId);
      const edited = known
        ? { ...newerVideo(known, video), caption: video.caption, visibility: video.visibility }
        : video;
      get().applyVideoUpdate(edited);
    },

    async readVideo(videoId) {
      return get().guard(sdk.api.getVideo(videoId));
    },

    async sendVideoShare(videoId, body) {
      return get().guard(sdk.api.shareVideo(videoId, body));
    },

    async deleteVideo(videoId) {
      await get().guard(sdk.api.deleteVideo(videoId));
      const without = (list: VideoList): VideoList =>
        list.videos.some((v) => v.id === videoId)
          ? { ...list, videos: list.videos.filter((v) => v.id !== videoId) }
          : list;
      set((s) => {
        const userVideos = { ...s.userVideos };
        for (const [userId, list] of Object.entries(userVideos)) userVideos[userId] = without(list);
        return {
          myVideos: without(s.myVideos),
          videoFeed: without(s.videoFeed),
          userVideos,
          playingVideo: s.playingVideo?.id === videoId ? null : s.playingVideo,
          shareVideo: s.shareVideo?.videoId === videoId ? null : s.shareVideo,
        };
      });
    },

    resetVideos() {
      job?.abort.abort();
      job = null;
      requests.clear();
      set({
        myVideos: EMPTY_LIST,
        videoFeed: EMPTY_LIST,
        userVideos: {},
        videoOwners: {},
        videoUpload: null,
        videoComposerOpen: false,
        videoPostingAvailable: null,
        playingVideo: null,
      });
    },
  };
};
