import type { z } from 'zod';
import { LiaoError } from '../errors';
import { parseReply } from './transport';

export interface UploadOptions {
  /** Bytes of the body sent so far, of the total (browsers: as it goes; elsewhere: at the ends). */
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

/** The XMLHttpRequest surface an upload uses, read without the DOM typings (Node compiles the SDK too). */
interface Xhr {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: unknown): void;
  abort(): void;
  readonly status: number;
  readonly responseText: string;
  readonly upload: { onprogress: ((event: { loaded: number; total: number }) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}

type XhrConstructor = new () => Xhr;

/** The browser's XMLHttpRequest, or undefined where there is none (Node, workers without it). */
export function xhrConstructor(): XhrConstructor | undefined {
  return (globalThis as { XMLHttpRequest?: XhrConstructor }).XMLHttpRequest;
}

export function bodySize(data: Blob | Uint8Array): number {
  return data instanceof Uint8Array ? data.byteLength : data.size;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The upload was aborted.', 'AbortError');
}

/**
 * POSTs a binary body with XMLHttpRequest, the one browser API that reports upload progress
 * (fetch does not). Replies and refusals map to values and LiaoError exactly as fetch's do.
 */
export function postWithProgress<S extends z.ZodType>(
  Request: XhrConstructor,
  url: string,
  headers: Record<string, string>,
  data: Blob | Uint8Array,
  schema: S,
  options: UploadOptions,
): Promise<z.output<S>> {
  const { signal, onProgress } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const xhr = new Request();
    xhr.open('POST', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    const total = bodySize(data);
    xhr.upload.onprogress = (event) => onProgress?.(event.loaded, event.total || total);
    const onAbort = () => xhr.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    xhr.onload = () => {
      done();
      try {
        resolve(parseReply(xhr.status, xhr.responseText, schema));
      } catch (error) {
        reject(error);
      }
    };
    xhr.onerror = () => {
      done();
      reject(new LiaoError('NETWORK', 0, 'The server could not be reached.'));
    };
    xhr.onabort = () => {
      done();
      reject(signal ? abortError(signal) : new LiaoError('NETWORK', 0, 'The upload was aborted.'));
    };
    onProgress?.(0, total);
    xhr.send(data);
  });
}
