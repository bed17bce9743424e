-- Prosody for the benchmark (bench/peers/prosody.ts fills in the __NAMES__ and starts it).
-- Starts from Debian's /etc/prosody/prosody.cfg.lua and keeps only what a chat benchmark uses;
-- every change from the defaults says why. One host, one c2s listener on loopback, no TLS,
-- no s2s, no HTTP: nothing that could clash with other runs' ports or the system's Prosody.

-- The benchmark may run as root (containers, CI); the server only touches its temporary folder.
run_as_root = true
data_path = "__DIR__/data"
certificates = "__DIR__/certs"
log = { { levels = { min = "warn" }, to = "console" } }
-- Prosody 0.12's default, named so that a changed default does not silently change the figures.
network_backend = "epoll"

c2s_ports = { __PORT__ }
c2s_interfaces = { "127.0.0.1" }

-- Debian's list, less what the benchmark never touches (tls, pep, carbons, smacks, invites…)
-- and less two that would change the figures: mod_limits (Debian's config caps every client at
-- 10 kB/s) and mod_mam (nothing is stored, as ejabberd without --mam). presence, message, iq,
-- offline and c2s load by themselves.
modules_enabled = { "roster", "saslauth", "disco", "register", "version", "ping" }
modules_disabled = { "s2s", "s2s_auth_certs" }

-- Plain XMPP over loopback, as Liao's load generator speaks ws://.
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
-- In-band registration; mod_register_limits throttles nobody unless
-- min_seconds_between_registrations is set, and allowlists loopback anyway.
allow_registration = true
-- Stored as given, as ejabberd's auth_password_format: plain (see ejabberd.yml).
authentication = "internal_plain"
storage = "internal"

VirtualHost "__DOMAIN__"

Component "__MUC_DOMAIN__" "muc"
  -- A room is open as soon as it is made, without the owner's configuration step.
  muc_room_locking = false
  -- No backlog is replayed to members as they join, as in Liao's groups.
  muc_room_default_history_length = 0
