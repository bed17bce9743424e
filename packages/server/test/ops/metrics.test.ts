import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId } from '../../src/platform/ids';
import { expectError } from '../support/builders';
import { makeChatPair, sendText } from '../support/chat-fixtures';
import { makeFixtures } from '../support/friends-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../support/harness';
import { http } from '../support/http';

const TOKEN = 'metrics-token-for-the-scraper-0123';

/** One sample of the text exposition: name, labels, value. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * Parses the Prometheus text format strictly enough to fail on anything a scraper would
 * reject: every sample belongs to a family announced by # TYPE, label values are quoted and
 * escaped, values are numbers.
 */
function parseExposition(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: -?\d+)?$/;
  const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"(?:,|$)/y;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# HELP ')) continue;
    if (line.startsWith('# TYPE ')) {
      const [name, type] = line.slice('# TYPE '.length).split(' ');
      expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(type);
      types.set(name ?? '', type ?? '');
      continue;
    }
    const match = sampleLine.exec(line);
    expect(match, `not a sample line: ${line}`).not.toBeNull();
    const [, name = '', labelText = '', valueText = ''] = match ?? [];
    const labels: Record<string, string> = {};
    labelPair.lastIndex = 0;
    while (labelPair.lastIndex < labelText.length) {
      const pair = labelPair.exec(labelText);
      expect(pair, `bad labels in: ${line}`).not.toBeNull();
      if (!pair) break;
      labels[pair[1] ?? ''] = pair[2] ?? '';
    }
    // As Prometheus reads them (Go's ParseFloat): NaN and Inf in any case.
    const special = /^(?:nan|[+-]?inf)$/i.test(valueText);
    expect(
      special || /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(valueText),
      `bad value in: ${line}`,
    ).toBe(true);
    const value = special
      ? Number(valueText.replace(/^([+-]?)inf$/i, '$1Infinity').replace(/^nan$/i, 'NaN'))
      : Number(valueText);
    const family = [...types.keys()].find(
      (t) => name === t || ['_bucket', '_sum', '_count', '_total'].some((s) => name === t + s),
    );
    expect(family, `sample without a # TYPE: ${line}`).toBeDefined();
    samples.push({ name, labels, value });
  }
  return { types, samples };
}

function sumOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  return found.reduce((sum, s) => sum + s.value, 0);
}

async function scrape(t: TestServer): Promise<Sample[]> {
  const res = await http(t.url, 'GET', '/metrics', { token: TOKEN });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(String(res.body)).samples;
}

describeEachStore('metrics', (store) => {
  let t: TestServer;
  const f = makeFixtures(() => t);
  beforeAll(async () => {
    t = await startTestServer(store, {
      configure(config) {
        config.metricsToken = TOKEN;
        config.nodeId = 'node-a';
      },
    });
  });
  afterAll(async () => {
    await f.closeAll();
    await t.destroy();
  });

  it('transcode queue depth comes from the jobs table', async () => {
    const later = Date.now() + 3_600_000;
    for (let i = 0; i < 2; i++) {
      await t.server.ctx.db
        .insertInto('jobs')
        .values({
          id: newId(),
          kind: 'metrics-test',
          payload: '{}',
          state: 'queued',
          run_after: later,
          locked_by: null,
          locked_until: null,
          error: null,
          created_at: Date.now(),
          updated_at: Date.now(),
        })
        .execute();
    }
    const samples = await scrape(t);
    expect(sumOf(samples, 'liao_transcode_jobs', { state: 'queued', node: 'node-a' })).toBe(2);
    expect(sumOf(samples, 'liao_transcode_jobs', { state: 'running' })).toBe(0);
  });

  it('without the token, or with a wrong one, /metrics is refused with the standard error', async () => {
    expectError(await http(t.url, 'GET', '/metrics'), 401, 'UNAUTHENTICATED');
    expectError(await http(t.url, 'GET', '/metrics', { token: `${TOKEN}x` }), 401, 'UNAUTHENTICATED');
    const asBasic = await http(t.url, 'GET', '/metrics', { headers: { authorization: `Basic ${TOKEN}` } });
    expectError(asBasic, 401, 'UNAUTHENTICATED');
  });

  it('sends over the socket move the message counter and the send histogram; sync is timed; connections counted', async () => {
    const before = await scrape(t);
    const pair = await makeChatPair(f);
    const sends = 7;
    for (let i = 0; i < sends; i++) await sendText(pair.a.client, pair.conversationId, `m${i}`);
    await pair.b.client.request('sync', { cursor: null });
    const after = await scrape(t);

    const delta = (name: string, labels: Record<string, string> = {}) =>
      sumOf(after, name, labels) - sumOf(before, name, labels);
    expect(delta('liao_messages_stored_total')).toBeGreaterThanOrEqual(sends);
    // Sent one after another, each waited for its ack: a commit each, at least.
    expect(delta('liao_message_commits_total')).toBeGreaterThanOrEqual(sends);
    // Each of those commits was timed, and none took as long as a send that waited for it.
    expect(delta('liao_message_commit_duration_seconds_count')).toBe(delta('liao_message_commits_total'));
    expect(delta('liao_message_commit_duration_seconds_sum')).toBeGreaterThan(0);
    expect(delta('liao_message_commit_duration_seconds_sum')).toBeLessThanOrEqual(
      delta('liao_message_send_duration_seconds_sum', { outcome: 'ok' }),
    );
    expect(delta('liao_message_send_duration_seconds_count', { outcome: 'ok' })).toBe(sends);
    expect(delta('liao_message_send_duration_seconds_sum', { outcome: 'ok' })).toBeGreaterThan(0);
    // Every send took longer than 0 and less than the top bucket: each lands in +Inf and 5.
    expect(delta('liao_message_send_duration_seconds_bucket', { outcome: 'ok', le: '5' })).toBe(sends);
    expect(delta('liao_sync_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sumOf(after, 'liao_websocket_connections', { node: 'node-a' })).toBe(2);
    expect(sumOf(after, 'liao_message_writer_queue')).toBe(0);
    expect(
      delta('liao_http_request_duration_seconds_count', {
        route: '/api/accounts',
        method: 'POST',
        status_class: '2xx',
      }),
    ).toBe(2);

    // A refused send is timed as an error, not as an acknowledgement.
    await expect(
      pair.a.client.request('message.send', {
        conversationId: newId(),
        clientId: 'c-refused',
        content: { kind: 'text', text: 'nowhere' },
      }),
    ).rejects.toThrow();
    const refused = await scrape(t);
    expect(sumOf(refused, 'liao_message_send_duration_seconds_count', { outcome: 'error' })).toBe(1);

    pair.a.client.disconnect();
    await expect
      .poll(async () => sumOf(await scrape(t), 'liao_websocket_connections'), { timeout: 5000 })
      .toBe(1);
  });

  it('reports the database pool, and the process metrics, all labelled with the node', async () => {
    const res = await http(t.url, 'GET', '/metrics', { token: TOKEN });
    const { types, samples } = parseExposition(String(res.body));
    expect(types.get('liao_message_send_duration_seconds')).toBe('histogram');
    expect(types.get('liao_messages_stored_total') ?? types.get('liao_messages_stored')).toBe('counter');
    expect(types.get('process_cpu_user_seconds_total') ?? types.get('process_cpu_user_seconds')).toBe(
      'counter',
    );
    expect(samples.every((s) => s.labels.node === 'node-a')).toBe(true);
    expect(sumOf(samples, 'liao_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    if (store === 'postgres') {
      expect(samples.some((s) => s.name === 'liao_db_pool_connections' && s.labels.state === 'idle')).toBe(
        true,
      );
    }
  });
});

describeEachStore('metrics without a token', (store) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('are open (the proxy in front keeps them private)', async () => {
    const res = await http(t.url, 'GET', '/metrics');
    expect(res.status).toBe(200);
    const { samples } = parseExposition(String(res.body));
    expect(sumOf(samples, 'liao_websocket_connections')).toBe(0);
  });
});
