import fs from 'node:fs';
import path from 'node:path';
import {
  findFreePort,
  findProcessNamed,
  launchPeer,
  makePeerDir,
  requireInstalled,
  type XmppPeer,
} from './peerProcess';

export interface EjabberdOptions {
  /** Archive every one-to-one message with mod_mam in Mnesia (the "storing every message"). */
  mam?: boolean;
  domain?: string;
}

const EJABBERDCTL = '/usr/sbin/ejabberdctl';
const ERL = '/usr/bin/erl';
const TEMPLATE = path.join(import.meta.dirname, 'ejabberd.yml');
/** The template's commented-out mod_mam line, switched on by `mam`. */
const MAM_LINE = '  # mod_mam:';

/**
 * Starts Debian's ejabberd on a free loopback port with bench/peers/ejabberd.yml, its Mnesia
 * spool and log in a fresh temporary folder, and resolves once it serves XMPP.
 *
 * It runs `erl … -s ejabberd` directly, with the options `ejabberdctl foreground` would pass,
 * rather than through ejabberdctl: as root, ejabberdctl runs the VM as the ejabberd user
 * through su, who cannot read our private temporary folder, and every instance would need a
 * node name and cookie of its own in the machine's epmd (which other Erlang programs, here
 * RabbitMQ, share). Without a node name the VM starts no distribution at all: no cookie, nothing
 * registered in epmd, no clash with another node. Nothing here needs ejabberdctl's remote
 * commands, since accounts are registered in-band.
 */
export async function startEjabberd(options: EjabberdOptions = {}): Promise<XmppPeer> {
  requireInstalled(EJABBERDCTL, 'ejabberd', 'ejabberd');
  requireInstalled(ERL, 'Erlang (for ejabberd)', 'erlang-base');
  const domain = options.domain ?? 'bench.test';
  const dir = makePeerDir('ejabberd');
  const port = await findFreePort();
  const template = fs.readFileSync(TEMPLATE, 'utf8');
  if (!template.includes(MAM_LINE))
    throw new Error(`${TEMPLATE} lost its '${MAM_LINE}' line, which --mam switches on`);
  const config = path.join(dir, 'ejabberd.yml');
  fs.writeFileSync(
    config,
    template
      .replaceAll('__DOMAIN__', domain)
      .replaceAll('__PORT__', String(port))
      .replace(MAM_LINE, options.mam ? '  mod_mam:' : MAM_LINE),
  );
  return launchPeer(
    {
      name: 'ejabberd',
      archiving: options.mam === true,
      command: ERL,
      // As ejabberdctl's ERLANG_OPTS with Debian's /etc/default/ejabberd; +Bd makes Ctrl-C stop
      // the VM instead of opening its break menu.
      args: [
        '+K',
        'true',
        '+P',
        '250000',
        '+Bd',
        '-noinput',
        '-noshell',
        '-mnesia',
        'dir',
        `"${dir}/spool"`,
        '-s',
        'ejabberd',
      ],
      env: {
        ERL_LIBS: erlLibs(),
        ERL_MAX_PORTS: '32000',
        ERL_CRASH_DUMP_BYTES: '0',
        EJABBERD_CONFIG_PATH: config,
        EJABBERD_LOG_PATH: path.join(dir, 'ejabberd.log'),
      },
      dir,
      port,
      domain,
      mucDomain: `conference.${domain}`,
    },
    // /usr/bin/erl is a script that execs erlexec, which execs the VM: normally the same pid.
    (pid) => findProcessNamed(pid, 'beam.smp'),
  );
}

/** Where Debian keeps ejabberd's Erlang applications, as its ejabberdctl tells erl. */
function erlLibs(): string {
  const match = /^ERL_LIBS='([^']+)'/m.exec(fs.readFileSync(EJABBERDCTL, 'utf8'));
  if (!match?.[1]) throw new Error(`no ERL_LIBS in ${EJABBERDCTL}: not Debian's ejabberd package?`);
  return match[1];
}
