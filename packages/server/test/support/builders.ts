import { createHash } from 'node:crypto';
import { LiaoClient } from '@liao/client';
import { nodeSocketFactory } from '@liao/client/node';
import type { AuthResult, Me } from '@liao/protocol';
import { expect } from 'vitest';
import type { TestServer } from './harness';
import { uniqueUsername } from './harness';
import { http, type RawResponse } from './http';

/** A registered account and its first device's bearer token. */
export interface TestAccount {
  id: string;
  username: string;
  password: string;
  displayName: string;
  token: string;
  sessionId: string;
  me: Me;
}

export const PASSWORD = 'correct horse battery';

/** Registers a fresh account over HTTP with a bearer token (fixture builder). */
export async function makeAccount(
  t: Pick<TestServer, 'url'>,
  overrides: { username?: string; password?: string; displayName?: string } = {},
): Promise<TestAccount> {
  const username = overrides.username ?? uniqueUsername();
  const password = overrides.password ?? PASSWORD;
  const displayName = overrides.displayName ?? '小明';
  const res = await http(t.url, 'POST', '/api/accounts', {
    body: { username, password, displayName, transport: 'bearer' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const body = res.body as AuthResult;
  return {
    id: body.user.id,
    username,
    password,
    displayName,
    token: body.token!,
    sessionId: body.device.id,
    me: body.user,
  };
}

/** Signs the account in again: another device with its own token. */
export async function signInAgain(
  t: Pick<TestServer, 'url'>,
  account: Pick<TestAccount, 'username' | 'password'>,
  device?: { name: string; platform: 'desktop' | 'phone' | 'web' | 'bot' },
): Promise<{ token: string; sessionId: string }> {
  const res = await http(t.url, 'POST', '/api/sessions', {
    body: { username: account.username, password: account.password, transport: 'bearer', device },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { token: res.body.token, sessionId: res.body.device.id };
}

/** An SDK client for a token, with its live connection open. Disconnect it when done. */
export async function connectClient(t: Pick<TestServer, 'url'>, token: string): Promise<LiaoClient> {
  const client = new LiaoClient({
    baseUrl: t.url,
    token,
    createSocket: nodeSocketFactory(() => token),
  });
  await client.connect();
  return client;
}

/** The SHA-256 the server stores for a token. */
export function sha256(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Asserts the stable error shape: status and `error.code`, with a readable message. */
export function expectError(res: RawResponse, status: number, code: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body?.error?.code, JSON.stringify(res.body)).toBe(code);
  expect(typeof res.body.error.message).toBe('string');
  expect(res.body.error.message.length).toBeGreaterThan(0);
}

/** The profile as the account sees it now. */
export async function readMe(t: Pick<TestServer, 'url'>, token: string): Promise<Me> {
  const res = await http(t.url, 'GET', '/api/me', { token });
  expect(res.status).toBe(200);
  return res.body as Me;
}

/** The session cookie's value from a Set-Cookie header. */
export function sessionCookie(res: RawResponse): string | undefined {
  const header = res.headers.getSetCookie().find((c) => c.startsWith('liao_session='));
  return header?.split(';')[0]?.slice('liao_session='.length);
}
