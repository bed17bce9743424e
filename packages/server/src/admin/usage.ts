/** A command line that does not say what to do: the usage is printed and the exit code is 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Liao admin — run beside a node, with the same LIAO_* environment as the server.

Usage: npm run liao -- <command> [options]
       (npm run -s liao -- … leaves out npm's own header, e.g. for --json)

Accounts
  user create <username> [--name <display name>] [--password-stdin]
        Creates an account. Without --password-stdin a password is generated and printed.
  user reset-password <username> [--password-stdin]
        Sets a new password (generated unless given on stdin) and signs out every device.
  user disable <username>
        The account can no longer sign in; its devices are signed out at once.
  user enable <username>
        Lets a disabled account sign in again.

Devices
  sessions list <username> [--json]
        The account's signed-in devices, most recently active first.
  sessions revoke <sessionId>
  sessions revoke --all <username>
        Signs out one device, or every device of an account (their sockets close on every node).

Web Push
  push rotate-keys [--json]
        New VAPID keys; every device subscription goes with the old ones, and each device
        subscribes again when the app next opens. Running nodes switch at once with
        LIAO_REDIS_URL, else within 15 s.

Store
  stats [--json]
        Users, conversations, messages, sessions, videos and jobs, and the store's size.
  backup <file> [--force]
        SQLite: a consistent copy taken while the server runs (the backup API).
        PostgreSQL: pg_dump --format=custom of the schema in use.
  restore <file> [--force]
        Into an empty store, with the server stopped: SQLite copies the file into the data
        folder (--force moves an existing database aside first); PostgreSQL runs pg_restore.
        Media files are not in these backups: see docs/operations.md.

Exit codes: 0 done, 1 failed, 2 bad usage.`;
