import { type Video, VideoUploadResult, type Visibility } from '@liao/protocol';
import { LiaoError } from '../errors';
import { parseReply } from './transport';

const TUS = { 'tus-resumable': '1.0.0' };
/** Big enough to be few requests, small enough that a drop loses little. */
const DEFAULT_CHUNK = 4 * 1024 * 1024;
const DEFAULT_RETRIES = 5;

export interface VideoUploadOptions {
  caption?: string;
  visibility?: Visibility;
  /**
   * An upload begun before (the URL `onCreated` gave, kept across a reload): it continues from
   * where the server has it instead of starting over.
   */
  uploadUrl?: string | undefined;
  /** Called once the server made the upload, with the URL to keep for resuming. */
  onCreated?: (uploadUrl: string) => void;
  onProgress?: (sent: number, total: number) => void;
  chunkSize?: number;
  /** How many dropped requests in a row to retry (each resumes from the server's offset). */
  retries?: number;
  signal?: AbortSignal;
}

export interface TusTransport {
  baseUrl: string;
  fetch: typeof fetch;
  authHeaders(): Record<string, string>;
}

function encodeMetadata(meta: Record<string, string | undefined>): string {
  const bytes = (s: string) => new TextEncoder().encode(s);
  const base64 = (s: string) => btoa(String.fromCharCode(...bytes(s)));
  return Object.entries(meta)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => `${k} ${base64(v)}`)
    .join(',');
}

function sliceOf(data: Blob | Uint8Array, start: number, end: number): Blob | Uint8Array {
  return data instanceof Uint8Array ? data.subarray(start, end) : data.slice(start, end);
}

/**
 * Uploads a video by the tus protocol the server speaks: creates the upload (or takes up an
 * earlier one), then sends it chunk by chunk; a dropped request is retried from the offset the
 * server reports, so nothing already received is sent again. Resolves with the new video
 * (processing) once the server has checked the whole file; its refusals reject as LiaoError.
 */
export async function uploadVideoByTus(
  transport: TusTransport,
  data: Blob | Uint8Array,
  options: VideoUploadOptions = {},
): Promise<Video> {
  const total = data instanceof Uint8Array ? data.byteLength : data.size;
  const chunk = options.chunkSize ?? DEFAULT_CHUNK;
  const call = async (
    method: string,
    url: string,
    headers: Record<string, string>,
    body?: Blob | Uint8Array,
  ) => {
    try {
      return await transport.fetch(url, {
        method,
        headers: { ...TUS, ...transport.authHeaders(), ...headers },
        credentials: 'same-origin',
        ...(body ? { body: body as RequestInit['body'] } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason ?? error;
      throw new LiaoError('NETWORK', 0, `The server could not be reached: ${(error as Error).message}`);
    }
  };
  const fail = async (res: Response): Promise<never> => {
    parseReply(res.status, await res.text(), null);
    throw new LiaoError('NETWORK', res.status, 'unexpected reply');
  };
  /** Where the server has the upload, or null when it no longer knows it. */
  const offsetOf = async (url: string): Promise<number | null> => {
    const res = await call('HEAD', url, {});
    if (res.status === 404) return null;
    if (!res.ok) await fail(res);
    return Number(res.headers.get('upload-offset'));
  };
  const create = async (): Promise<string> => {
    const res = await call('POST', `${transport.baseUrl}/api/videos/uploads`, {
      'upload-length': String(total),
      'upload-metadata': encodeMetadata({ caption: options.caption, visibility: options.visibility }),
    });
    if (res.status !== 201) await fail(res);
    const url = `${transport.baseUrl}${res.headers.get('location') ?? ''}`;
    options.onCreated?.(url);
    return url;
  };

  let url = options.uploadUrl;
  let offset = url ? await offsetOf(url) : null;
  if (!url || offset === null) {
    url = await create();
    offset = 0;
  }
  let failures = 0;
  for (;;) {
    options.onProgress?.(offset, total);
    const end = Math.min(total, offset + chunk);
    let res: Response;
    try {
      res = await call(
        'PATCH',
        url,
        { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
        sliceOf(data, offset, end),
      );
    } catch (error) {
      if (
        !(error instanceof LiaoError) ||
        error.code !== 'NETWORK' ||
        ++failures > (options.retries ?? DEFAULT_RETRIES)
      )
        throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(8000, 250 * 2 ** failures)));
      const at = await offsetOf(url);
      if (at === null) throw new LiaoError('UPLOAD_NOT_FOUND', 404, 'The upload expired; start again.');
      offset = at;
      continue;
    }
    if (res.status === 409) {
      // Not where we thought (the last request partly arrived): ask and go on from there.
      await res.text();
      const at = await offsetOf(url);
      if (at === null) throw new LiaoError('UPLOAD_NOT_FOUND', 404, 'The upload expired; start again.');
      offset = at;
      continue;
    }
    if (res.status === 200) {
      options.onProgress?.(total, total);
      return parseReply(200, await res.text(), VideoUploadResult).video;
    }
    if (res.status !== 204) await fail(res);
    await res.text();
    failures = 0;
    offset = Number(res.headers.get('upload-offset'));
  }
}
