import { QR_TICKET_TTL_MS } from '@liao/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../../src/platform/config';
import { expectError, makeAccount } from '../../support/builders';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http } from '../../support/http';
import {
  codeOf,
  openDesktop,
  type QrDesktop,
  type QrDesktopOptions,
  qrHeaders,
} from '../../support/qr-fixtures';
import { refusedUpgrade } from '../../support/sockets';

describeEachStore('QR sign-in socket', (store) => {
  const servers: TestServer[] = [];
  const desktops: QrDesktop[] = [];
  afterEach(async () => {
    for (const d of desktops.splice(0)) d.close();
    await Promise.all(servers.splice(0).map((s) => s.destroy()));
  });

  async function server(configure?: (config: Config) => void): Promise<TestServer> {
    const t = await startTestServer(store, configure ? { configure } : {});
    servers.push(t);
    return t;
  }

  async function desktop(t: TestServer, options: QrDesktopOptions = {}): Promise<QrDesktop> {
    const d = await openDesktop(t.url, options);
    desktops.push(d);
    return d;
  }

  describe('Origin and path', () => {
    it('opens without a session, from no Origin (a program) or our own; refuses another site with 403', async () => {
      const t = await server();
      expect((await desktop(t)).ticket.type).toBe('qr.ticket');
      expect((await desktop(t, { origin: t.url })).ticket.type).toBe('qr.ticket');
      expect(
        await refusedUpgrade(t.url, {
          path: '/ws/qr',
          headers: qrHeaders({ origin: 'https://evil.example' }),
        }),
      ).toBe(403);
      expect(await refusedUpgrade(t.url, { path: '/ws/qrx' })).toBe(404);
      expect(await refusedUpgrade(t.url, { path: '/ws/qr/' })).toBe(404);
    });

    it('accepts an Origin the operator allowed', async () => {
      const t = await server((config) => {
        config.allowedOrigins = ['http://localhost:5173'];
      });
      expect((await desktop(t, { origin: 'http://localhost:5173' })).ticket.type).toBe('qr.ticket');
    });
  });

  describe('frames', () => {
    it('answers bad frames with qr.error BAD_FRAME (MALFORMED_JSON for text that is not JSON, as /ws does) and stays open; a ping gets a pong', async () => {
      const t = await server();
      const d = await desktop(t);
      d.send('not json');
      const malformed = await d.next('qr.error');
      expect(malformed.code).toBe('MALFORMED_JSON');
      expect(malformed.message.length).toBeGreaterThan(0);
      for (const bad of [
        Buffer.from([1, 2, 3]),
        { type: 'qr.nope' },
        { type: 'qr.refresh', extra: 1 },
        { type: 'ping', id: 'p1' },
        [],
        null,
      ]) {
        d.send(bad);
        const error = await d.next('qr.error');
        expect(error.code).toBe('BAD_FRAME');
        expect(error.message.length).toBeGreaterThan(0);
      }
      d.send({ type: 'ping' });
      expect(await d.next('pong')).toEqual({ type: 'pong' });
      const fresh = await d.refresh();
      expect(d.queued).toEqual([]);
      expect(fresh.ticketId).not.toBe(d.ticket.ticketId);
    });

    it('closes a socket that floods frames with 1008', async () => {
      const t = await server();
      const d = await desktop(t);
      for (let i = 0; i < 60; i++) d.send({ type: 'ping' });
      expect((await d.closed).code).toBe(1008);
    });

    it('refuses a frame larger than a sign-in frame can be', async () => {
      const t = await server();
      const d = await desktop(t);
      d.send({ type: 'ping', pad: 'x'.repeat(4096) });
      expect((await d.closed).code).toBe(1009);
    });
  });

  describe('rate limits', () => {
    it('counts tickets per address, refreshes included: past the limit a qr.error RATE_LIMITED and a close; a new window allows again', async () => {
      const t = await server((config) => {
        config.rateLimits.qrTicketsPerAddress = { limit: 3, windowMs: 60_000 };
      });
      const d = await desktop(t);
      await d.refresh();
      await d.refresh();
      d.send({ type: 'qr.refresh' });
      const error = await d.next('qr.error');
      expect(error.code).toBe('RATE_LIMITED');
      expect((await d.closed).code).toBe(1008);

      const next = await desktop(t, { noTicket: true });
      expect((await next.next('qr.error')).code).toBe('RATE_LIMITED');
      expect(next.queued.filter((f) => f.type === 'qr.ticket')).toEqual([]);
      expect((await next.closed).code).toBe(1008);

      t.clock.advance(60_000);
      expect((await desktop(t)).ticket.type).toBe('qr.ticket');
    });

    it('counts addresses apart behind a trusted proxy', async () => {
      const t = await server((config) => {
        config.trustProxy = true;
        config.rateLimits.qrTicketsPerAddress = { limit: 1, windowMs: 60_000 };
      });
      await desktop(t, { headers: { 'x-forwarded-for': '203.0.113.7' } });
      const limited = await desktop(t, { headers: { 'x-forwarded-for': '203.0.113.7' }, noTicket: true });
      expect((await limited.next('qr.error')).code).toBe('RATE_LIMITED');
      expect((await desktop(t, { headers: { 'x-forwarded-for': '203.0.113.8' } })).ticket.type).toBe(
        'qr.ticket',
      );
    });

    it('limits scans per user', async () => {
      const t = await server((config) => {
        config.rateLimits.qrScansPerUser = { limit: 2, windowMs: 60_000 };
      });
      const phone = await makeAccount(t);
      const d = await desktop(t);
      const code = codeOf(d.ticket);
      for (let i = 0; i < 2; i++) {
        expect(
          (await http(t.url, 'POST', '/api/qr/scan', { token: phone.token, body: { code } })).status,
        ).toBe(200);
      }
      const res = await http(t.url, 'POST', '/api/qr/scan', { token: phone.token, body: { code } });
      expectError(res, 429, 'RATE_LIMITED');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    });
  });

  describe('where the desktop is and where links point', () => {
    async function scanResult(t: TestServer, d: QrDesktop) {
      const phone = await makeAccount(t);
      const res = await http(t.url, 'POST', '/api/qr/scan', {
        token: phone.token,
        body: { code: codeOf(d.ticket) },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    }

    it('behind a trusted proxy: the forwarded address and scheme; a private address is "private", a public one has no place', async () => {
      const t = await server((config) => {
        config.trustProxy = true;
      });
      const office = await desktop(t, {
        headers: { 'x-forwarded-for': '10.1.2.3, 172.17.0.1', 'x-forwarded-proto': 'https' },
      });
      expect(office.ticket.qrUrl).toMatch(new RegExp(`^https://127\\.0\\.0\\.1:${t.port}/m/qr/`));
      expect(await scanResult(t, office)).toMatchObject({ ip: '10.1.2.3', place: 'private' });
      const cafe = await desktop(t, { headers: { 'x-forwarded-for': '8.8.8.8' } });
      expect(await scanResult(t, cafe)).toMatchObject({ ip: '8.8.8.8', place: null });
    });

    it('without a trusted proxy the forwarded headers are ignored', async () => {
      const t = await server();
      const d = await desktop(t, { headers: { 'x-forwarded-for': '8.8.8.8', 'x-forwarded-proto': 'https' } });
      expect(d.ticket.qrUrl.startsWith(`${t.url}/m/qr/`)).toBe(true);
      expect(await scanResult(t, d)).toMatchObject({ ip: '127.0.0.1', place: 'local' });
    });

    it('links point at LIAO_PUBLIC_URL when it is set', async () => {
      const t = await server((config) => {
        config.publicUrl = 'https://chat.example.com';
      });
      const d = await desktop(t);
      expect(d.ticket.qrUrl).toMatch(/^https:\/\/chat\.example\.com\/m\/qr\/[A-Za-z0-9_-]{43}$/);
    });

    it('names the desktop from its User-Agent; a phone browser is a phone', async () => {
      const t = await server();
      const mac = await desktop(t, {
        userAgent:
          'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      });
      expect((await scanResult(t, mac)).device).toEqual({ name: 'Safari · macOS', platform: 'desktop' });
      const phone = await desktop(t, {
        userAgent:
          'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0 Mobile Safari/537.36',
      });
      expect((await scanResult(t, phone)).device).toEqual({ name: 'Chrome · Android', platform: 'phone' });
      const ticketTtl = (await scanResult(t, await desktop(t))) as { requestedAt: number; expiresAt: number };
      expect(ticketTtl.expiresAt - ticketTtl.requestedAt).toBe(QR_TICKET_TTL_MS);
    });
  });
});
