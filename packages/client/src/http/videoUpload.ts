import { type Video, VideoUploadResult, type Visibility } from '@liao/protocol';
import {
  type DetailedError,
  type FileReader,
  type HttpRequest,
  type HttpResponse,
  type HttpStack,
  Upload,
} from 'tus-js-client';
import { absoluteBase } from '../connection/socket';
import { LiaoError } from '../errors';
import { parseReply } from './transport';

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
  /** Bytes the server has, before each chunk and after it. */
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

/**
 * Uploads a video by tus with tus-js-client: creates the upload (or takes up an earlier one at
 * `uploadUrl`), then sends it chunk by chunk; a dropped request is retried from the offset the
 * server reports, so nothing already received is sent again. Resolves with the new video
 * (processing) once the server has checked the whole file; its refusals reject as LiaoError.
 *
 * tus-js-client's own transports (XMLHttpRequest in browsers, node:http elsewhere) are replaced
 * by the SDK's fetch, so that uploads carry the same credentials as every other call and a
 * caller's fetch (a test's, a bot's) sees them; and its file readers by one over Blob, which
 * both runtimes have.
 */
export function uploadVideoByTus(
  transport: TusTransport,
  data: Blob | Uint8Array,
  options: VideoUploadOptions = {},
): Promise<Video> {
  const file = data instanceof Uint8Array ? new Blob([data as Uint8Array<ArrayBuffer>]) : data;
  const retries = options.retries ?? DEFAULT_RETRIES;
  return new Promise<Video>((resolve, reject) => {
    let lastProgress = -1;
    const upload = new Upload(file, {
      // tus needs an absolute endpoint.
      endpoint: `${absoluteBase(transport.baseUrl)}/api/videos/uploads`,
      uploadUrl: options.uploadUrl ?? null,
      metadata: definedOnly({ caption: options.caption, visibility: options.visibility }),
      chunkSize: options.chunkSize ?? DEFAULT_CHUNK,
      retryDelays: Array.from({ length: retries }, (_, i) => Math.min(8000, 250 * 2 ** (i + 1))),
      storeFingerprintForResuming: false,
      httpStack: new FetchHttpStack(transport),
      fileReader: blobReader,
      onUploadUrlAvailable() {
        if (upload.url) options.onCreated?.(upload.url);
      },
      onProgress(sent, total) {
        // tus-js-client tells the offset before a chunk and again after it: once is enough.
        if (sent === lastProgress) return;
        lastProgress = sent;
        options.onProgress?.(sent, total);
      },
      onSuccess({ lastResponse }) {
        try {
          resolve(parseReply(lastResponse.getStatus(), lastResponse.getBody(), VideoUploadResult).video);
        } catch (error) {
          reject(error);
        }
      },
      onError(error) {
        reject(liaoErrorOf(error));
      },
    });
    const signal = options.signal;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    signal?.addEventListener(
      'abort',
      () => {
        void upload.abort();
        reject(signal.reason);
      },
      { once: true },
    );
    upload.start();
  });
}

/** The server's refusal as its LiaoError; a request that got no answer as NETWORK. */
function liaoErrorOf(error: Error | DetailedError): LiaoError {
  const response = 'originalResponse' in error ? error.originalResponse : null;
  if (response) {
    try {
      parseReply(response.getStatus(), response.getBody(), null);
    } catch (refusal) {
      if (refusal instanceof LiaoError) return refusal;
    }
    return new LiaoError('NETWORK', response.getStatus(), 'unexpected reply');
  }
  const cause = 'causingError' in error && error.causingError ? error.causingError : error;
  if (cause instanceof LiaoError) return cause;
  return new LiaoError('NETWORK', 0, `The server could not be reached: ${cause.message}`);
}

function definedOnly(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** Chunks of a Blob: in browsers the File picked, in Node the bytes given. */
const blobReader: FileReader = {
  async openFile(input: Blob) {
    return {
      size: input.size,
      async slice(start: number, end: number) {
        return { value: input.slice(start, end), done: end >= input.size };
      },
      close() {},
    };
  },
};

/** tus-js-client's requests, over the SDK's fetch. */
class FetchHttpStack implements HttpStack {
  constructor(private readonly transport: TusTransport) {}

  createRequest(method: string, url: string): HttpRequest {
    return new FetchRequest(this.transport, method, url);
  }

  getName(): string {
    return 'LiaoFetchHttpStack';
  }
}

class FetchRequest implements HttpRequest {
  private readonly headers: Record<string, string>;
  private readonly controller = new AbortController();

  constructor(
    private readonly transport: TusTransport,
    private readonly method: string,
    private readonly url: string,
  ) {
    this.headers = { ...transport.authHeaders() };
  }

  getMethod(): string {
    return this.method;
  }

  getURL(): string {
    return this.url;
  }

  setHeader(header: string, value: string): void {
    this.headers[header.toLowerCase()] = value;
  }

  getHeader(header: string): string | undefined {
    return this.headers[header.toLowerCase()];
  }

  /** fetch cannot tell how far a body got: progress is what the server says it has, after each chunk. */
  setProgressHandler(): void {}

  async send(body?: Blob | null): Promise<HttpResponse> {
    let res: Response;
    try {
      res = await this.transport.fetch(this.url, {
        method: this.method,
        headers: this.headers,
        credentials: 'same-origin',
        signal: this.controller.signal,
        ...(body ? { body } : {}),
      });
    } catch (error) {
      throw new LiaoError('NETWORK', 0, `The server could not be reached: ${(error as Error).message}`);
    }
    return new FetchResponse(res, await res.text());
  }

  async abort(): Promise<void> {
    this.controller.abort();
  }

  getUnderlyingObject(): AbortController {
    return this.controller;
  }
}

class FetchResponse implements HttpResponse {
  constructor(
    private readonly res: Response,
    private readonly text: string,
  ) {}

  getStatus(): number {
    return this.res.status;
  }

  getHeader(header: string): string | undefined {
    return this.res.headers.get(header) ?? undefined;
  }

  getBody(): string {
    return this.text;
  }

  getUnderlyingObject(): Response {
    return this.res;
  }
}
