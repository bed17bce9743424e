import { isErrorCode } from '@liao/protocol';
import type { z } from 'zod';
import { LiaoError } from '../errors';

export interface TransportOptions {
  /** Where the server is: '' (same origin, in the browser) or 'http://host:port'. */
  baseUrl: string;
  /** A bearer token (the SDK in Node). Browsers use the HttpOnly cookie instead. */
  token?: string | undefined;
  fetch?: typeof fetch;
}

export interface RequestOptions {
  body?: unknown;
  /** A binary body (images), sent with its own content type. */
  blob?: { data: Blob | Uint8Array; type: string };
  query?: Record<string, string>;
  /** Aborts the request; the call then rejects with the signal's reason (an AbortError). */
  signal?: AbortSignal | undefined;
}

/** HTTP with typed, validated replies and LiaoError for every refusal. */
export class HttpTransport {
  token: string | undefined;
  readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/$/, '');
    this.token = options.token;
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  async request<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S | null,
    options: RequestOptions = {},
  ): Promise<z.output<S>> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let body: RequestInit['body'];
    if (options.blob) {
      headers['content-type'] = options.blob.type;
      body = options.blob.data as RequestInit['body'];
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const query = options.query ? `?${new URLSearchParams(options.query)}` : '';
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.baseUrl}/api${path}${query}`, {
        method,
        headers,
        body,
        credentials: 'same-origin',
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      // Called off by the caller, not a network fault: nothing to retry.
      if (options.signal?.aborted) throw options.signal.reason ?? error;
      throw new LiaoError('NETWORK', 0, `The server could not be reached: ${(error as Error).message}`);
    }
    const text = await res.text();
    return parseReply(res.status, text, schema);
  }

  /** The headers every request carries (the bearer token in Node). */
  authHeaders(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }
}

/**
 * A reply's body, checked against the schema, or the LiaoError of a refusal: one mapping for
 * fetch and for the XMLHttpRequest of uploads with progress.
 */
export function parseReply<S extends z.ZodType>(status: number, text: string, schema: S | null): z.output<S> {
  const json: unknown = text ? safeJson(text) : undefined;
  if (status < 200 || status >= 300) throw toLiaoError(status, json);
  return (schema ? schema.parse(json) : json) as z.output<S>;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toLiaoError(status: number, json: unknown): LiaoError {
  const error = (json as { error?: { code?: unknown; message?: unknown; data?: unknown } } | undefined)
    ?.error;
  if (error && isErrorCode(error.code)) {
    return new LiaoError(
      error.code,
      status,
      typeof error.message === 'string' ? error.message : error.code,
      (error.data as Record<string, unknown> | undefined) ?? undefined,
    );
  }
  return new LiaoError(status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED', status, `HTTP ${status}`);
}
