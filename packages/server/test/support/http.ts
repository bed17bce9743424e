/** Raw HTTP for tests of refusals and bad input, where the SDK would refuse to send it. */
export interface RawResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever came back and assert on it
  body: any;
}

export interface RawRequest {
  token?: string;
  body?: unknown;
  /** Sent as-is instead of JSON (malformed bodies, images). */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

export async function http(
  baseUrl: string,
  method: string,
  path: string,
  req: RawRequest = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...req.headers };
  if (req.token) headers.authorization = `Bearer ${req.token}`;
  let body: string | Buffer | undefined;
  if (req.rawBody !== undefined) body = req.rawBody;
  else if (req.body !== undefined) {
    body = JSON.stringify(req.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(baseUrl + path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed };
}
