import SqliteDatabase from 'better-sqlite3';

/**
 * A connection to the SQLite file as every connection of Liao's is set up: the server's own,
 * and the message writer's on its thread.
 */
export function openSqliteConnection(file: string): SqliteDatabase.Database {
  const connection = new SqliteDatabase(file);
  connection.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before the call returns, so "persist, then acknowledge" holds
  // through a power cut, not only through a process crash.
  connection.pragma('synchronous = FULL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  return connection;
}
