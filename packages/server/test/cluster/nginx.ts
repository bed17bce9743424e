import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { pollUntil } from '../support/poll';
import { type Child, freePort, spawnChild, statusOf } from './processes';

/** The example shipped to operators; the suite runs it, with only its addresses changed. */
export const DEPLOY_NGINX_CONF = path.resolve(import.meta.dirname, '../../../../deploy/nginx/liao.conf');

export interface TestNginx {
  readonly url: string;
  readonly port: number;
  readonly process: Child;
  /**
   * Whether nginx has had a 200 from the node on `upstreamPort` since `sinceMs` (its access
   * log): after a restart, proof that nginx no longer counts the node as failed.
   */
  servedBy(upstreamPort: number, sinceMs: number): boolean;
  stop(): Promise<void>;
}

/**
 * deploy/nginx/liao.conf with its upstream servers pointed at `upstreamPorts` (in order) and
 * one loopback listener; fails if the example's shape changed so that nothing was replaced.
 */
export function siteConfig(upstreamPorts: number[], listenPort: number): string {
  const example = fs.readFileSync(DEPLOY_NGINX_CONF, 'utf8');
  let upstream = 0;
  const withNodes = example.replace(/^(\s*server\s+)127\.0\.0\.1:\d+/gm, (_all, lead: string) => {
    const port = upstreamPorts[upstream++];
    if (port === undefined) throw new Error('deploy/nginx/liao.conf names more nodes than the test runs');
    return `${lead}127.0.0.1:${port}`;
  });
  if (upstream !== upstreamPorts.length) {
    throw new Error(`deploy/nginx/liao.conf names ${upstream} nodes, the test runs ${upstreamPorts.length}`);
  }
  let listeners = 0;
  const site = withNodes.replace(/^(\s*)listen\s+[^;]+;\n/gm, (_all, indent: string) =>
    listeners++ === 0 ? `${indent}listen 127.0.0.1:${listenPort};\n` : '',
  );
  if (listeners === 0) throw new Error('deploy/nginx/liao.conf has no listen line');
  return site;
}

/**
 * A main nginx.conf that keeps everything (pid, logs, temp files) inside `dir` and includes
 * `siteFile`, so nginx runs as a plain child of the test without touching /etc or /var.
 */
export function mainConfig(dir: string, siteFile: string): string {
  // As root, nginx's workers would drop to `nobody`, who cannot write the temp folders here.
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  return `${user}worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
    # Which nodes each request went to and what they answered, for a failure's post-mortem.
    log_format upstreams '$msec $status "$request" $upstream_addr $upstream_status';
    access_log ${dir}/access.log upstreams;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    include ${siteFile};
}
`;
}

/** Writes the configuration into `dir` and returns the main file's path. */
export function writeNginxConfig(dir: string, upstreamPorts: number[], listenPort: number): string {
  fs.mkdirSync(dir, { recursive: true });
  const siteFile = path.join(dir, 'liao.conf');
  fs.writeFileSync(siteFile, siteConfig(upstreamPorts, listenPort));
  const mainFile = path.join(dir, 'nginx.conf');
  fs.writeFileSync(mainFile, mainConfig(dir, siteFile));
  return mainFile;
}

/** `nginx -t`: rejects with nginx's own words when the configuration does not parse. */
export async function checkNginxConfig(binary: string, dir: string, mainFile: string): Promise<string> {
  const { stderr } = await promisify(execFile)(binary, [
    '-t',
    '-p',
    dir,
    '-e',
    `${dir}/error.log`,
    '-c',
    mainFile,
  ]);
  return stderr;
}

/** nginx in the foreground in front of `upstreamPorts`; resolves once it proxies /healthz. */
export async function startTestNginx(
  binary: string,
  dir: string,
  upstreamPorts: number[],
): Promise<TestNginx> {
  const port = await freePort();
  const mainFile = writeNginxConfig(dir, upstreamPorts, port);
  await checkNginxConfig(binary, dir, mainFile);
  const child = spawnChild(
    'nginx',
    binary,
    ['-p', dir, '-e', `${dir}/error.log`, '-c', mainFile, '-g', 'daemon off;'],
    { logFile: path.join(dir, 'nginx.out') },
  );
  const url = `http://127.0.0.1:${port}`;
  await pollUntil(
    async () => {
      if (!child.alive) throw new Error(`nginx exited: ${await child.exited}`);
      return (await statusOf(`${url}/healthz`)) === 200;
    },
    `nginx on port ${port}`,
    10_000,
    () => `${child.tail()}\n${readTail(path.join(dir, 'error.log'))}`,
  );
  return {
    url,
    port,
    process: child,
    servedBy(upstreamPort, sinceMs) {
      const log = fs.readFileSync(path.join(dir, 'access.log'), 'utf8');
      // Each line: msec status "request" addr1, addr2 status1, status2 (one pair per attempt).
      return log.split('\n').some((line) => {
        const msec = Number(line.split(' ')[0]);
        const tokens = (line.split('" ')[1] ?? '').split(' ').map((t) => t.replace(/,$/, ''));
        const half = tokens.length / 2;
        return (
          msec * 1000 >= sinceMs &&
          tokens
            .slice(0, half)
            .some((a, i) => a === `127.0.0.1:${upstreamPort}` && tokens[half + i] === '200')
        );
      });
    },
    // SIGTERM is nginx's fast shutdown; SIGQUIT would wait for every proxied WebSocket to end.
    stop: () => child.kill('SIGTERM'),
  };
}

function readTail(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-20).join('\n') : '';
}
