import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { makeAccount, type TestAccount } from '../../support/builders';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http } from '../../support/http';
import { makeImage } from '../../support/images';
import { codeOf, openDesktop, type QrDesktop } from '../../support/qr-fixtures';

// The desktop shows who scanned its code before it has a session. Avatars need one, so the
// page drew a letter where the photo should be (issue 15, item 10): the ticket serves it.
describeEachStore("QR sign-in: the scanner's photo on the desktop", (store) => {
  let t: TestServer;
  const cleanup: (() => void)[] = [];
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterEach(() => {
    for (const done of cleanup.splice(0)) done();
  });
  afterAll(() => t.destroy());

  async function desktop(): Promise<QrDesktop> {
    const d = await openDesktop(t.url);
    cleanup.push(() => d.close());
    return d;
  }

  async function withPhoto(account: TestAccount): Promise<string> {
    const res = await http(t.url, 'PUT', '/api/me/avatar', {
      token: account.token,
      rawBody: await makeImage('png', 64, 64),
      headers: { 'content-type': 'image/png' },
    });
    expect(res.status).toBe(200);
    return res.body.avatarUrl;
  }

  /** The bytes at a URL, anonymously (as the desktop without a session asks), or its status. */
  async function anonymous(path: string): Promise<{ status: number; bytes: Buffer; type: string | null }> {
    const res = await fetch(t.url + path);
    return {
      status: res.status,
      bytes: Buffer.from(await res.arrayBuffer()),
      type: res.headers.get('content-type'),
    };
  }

  async function authorised(path: string, token: string): Promise<Buffer> {
    const res = await fetch(t.url + path, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  }

  it('the desktop is told a photo URL it can load without a session, the same picture, until the ticket is used', async () => {
    const phone = await makeAccount(t, { displayName: '小红' });
    const ownUrl = await withPhoto(phone);
    const d = await desktop();
    const code = codeOf(d.ticket);
    const scanned = await http(t.url, 'POST', '/api/qr/scan', { token: phone.token, body: { code } });
    expect(scanned.status).toBe(200);
    const { user } = await d.next('qr.scanned');
    expect(user.avatarUrl).toBe(`/api/qr/tickets/${d.ticket.ticketId}/avatar`);

    // The account's own URL needs a session; the ticket's does not, and it is the same image.
    expect((await anonymous(ownUrl)).status).toBe(401);
    const photo = await anonymous(user.avatarUrl ?? '');
    expect(photo.status).toBe(200);
    expect(photo.type).toBe('image/webp');
    expect(photo.bytes.equals(await authorised(ownUrl, phone.token))).toBe(true);

    // Once the desktop is signed in, the ticket grants nothing any more.
    await http(t.url, 'POST', '/api/qr/confirm', { token: phone.token, body: { code } });
    const { claim } = await d.next('qr.confirmed');
    const claimed = await http(t.url, 'POST', '/api/qr/claim', {
      body: { ticketId: d.ticket.ticketId, claim, transport: 'bearer' },
    });
    expect(claimed.status).toBe(201);
    expect((await anonymous(user.avatarUrl ?? '')).status).toBe(404);
  });

  it('a ticket nobody scanned, or an unknown one, shows no photo; a scanner without one gets the letter', async () => {
    const d = await desktop();
    expect((await anonymous(`/api/qr/tickets/${d.ticket.ticketId}/avatar`)).status).toBe(404);
    expect((await anonymous('/api/qr/tickets/01890000-0000-7000-8000-000000000000/avatar')).status).toBe(404);
    expect((await anonymous('/api/qr/tickets/not-an-id/avatar')).status).toBe(400);

    const plain = await makeAccount(t, { displayName: '小白' });
    await http(t.url, 'POST', '/api/qr/scan', { token: plain.token, body: { code: codeOf(d.ticket) } });
    expect((await d.next('qr.scanned')).user).toEqual({ displayName: '小白', avatarUrl: null });
  });
});
