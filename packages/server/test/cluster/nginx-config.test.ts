import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBinary } from './cluster';
import { checkNginxConfig, DEPLOY_NGINX_CONF, mainConfig, siteConfig, writeNginxConfig } from './nginx';

describe('deploy/nginx/liao.conf', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-nginx-'));
  let nginx = '';
  beforeAll(() => {
    nginx = requireBinary('nginx');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('parses (nginx -t) with its nodes and listener moved to test ports', async () => {
    const main = writeNginxConfig(dir, [18081, 18082, 18083], 18080);
    expect(await checkNginxConfig(nginx, dir, main)).toMatch(/syntax is ok/);
    const site = fs.readFileSync(path.join(dir, 'liao.conf'), 'utf8');
    expect(site.match(/server 127\.0\.0\.1:1808[123] max_fails=\d+ fail_timeout=\d+s;/g)).toHaveLength(3);
    expect(site.match(/^\s*listen /gm)).toHaveLength(1);
  });

  it('a file that does not parse is refused, with nginx’s reason', async () => {
    const broken = path.join(dir, 'broken');
    fs.mkdirSync(broken, { recursive: true });
    const site = path.join(broken, 'liao.conf');
    fs.writeFileSync(
      site,
      siteConfig([18081, 18082, 18083], 18080).replace('proxy_pass http://liao;', 'proxy_pass'),
    );
    const main = path.join(broken, 'nginx.conf');
    fs.writeFileSync(main, mainConfig(broken, site));
    await expect(checkNginxConfig(nginx, broken, main)).rejects.toThrow(/emerg/);
  });

  it('the example keeps what docs/deploy.md promises: upgrades, private metrics, next upstream on 503', () => {
    const example = fs.readFileSync(DEPLOY_NGINX_CONF, 'utf8');
    expect(example).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(example).toMatch(/location = \/metrics \{\s*return 404;/);
    expect(example).toMatch(/proxy_next_upstream error timeout http_503;/);
  });
});
