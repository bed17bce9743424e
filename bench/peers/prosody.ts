import fs from 'node:fs';
import path from 'node:path';
import { findFreePort, launchPeer, makePeerDir, requireInstalled, type XmppPeer } from './peerProcess';

export interface ProsodyOptions {
  domain?: string;
}

const PROSODY = '/usr/bin/prosody';
const TEMPLATE = path.join(import.meta.dirname, 'prosody.cfg.lua');

/**
 * Starts Debian's Prosody on a free loopback port with bench/peers/prosody.cfg.lua, its data in
 * a fresh temporary folder, in the foreground (`prosody --config file`, never prosodyctl,
 * which would read /etc/prosody and switch users), and resolves once it serves XMPP.
 */
export async function startProsody(options: ProsodyOptions = {}): Promise<XmppPeer> {
  requireInstalled(PROSODY, 'Prosody', 'prosody');
  const domain = options.domain ?? 'bench.test';
  const dir = makePeerDir('prosody');
  fs.mkdirSync(path.join(dir, 'data'));
  fs.mkdirSync(path.join(dir, 'certs'));
  const port = await findFreePort();
  const config = path.join(dir, 'prosody.cfg.lua');
  const mucDomain = `conference.${domain}`;
  fs.writeFileSync(
    config,
    fs
      .readFileSync(TEMPLATE, 'utf8')
      .replaceAll('__DIR__', dir)
      .replaceAll('__MUC_DOMAIN__', mucDomain)
      .replaceAll('__DOMAIN__', domain)
      .replaceAll('__PORT__', String(port)),
  );
  return launchPeer(
    {
      name: 'prosody',
      archiving: false,
      command: PROSODY,
      args: ['--config', config],
      env: {},
      dir,
      port,
      domain,
      mucDomain,
    },
    // The script's shebang execs lua5.4 in the same process.
    (pid) => pid,
  );
}
