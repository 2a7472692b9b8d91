/**
 * rpmdb.sqlite (rpm ≥ 4.16: Fedora ≥ 33, RHEL/UBI ≥ 9, Amazon Linux 2023, SUSE since 2023).
 *
 * Format facts: table `Packages(hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)`, one rpm
 * header blob per installed package; the other tables are indexes rebuilt from the blobs. rpm opens the
 * database in WAL journal mode, which SQLite records in header bytes 18–19 (both 2).
 */
import Database from 'better-sqlite3';

/** SQLite files start with this 16-byte string. */
export const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export function isSqlite(buf: Buffer): boolean {
  return buf.length >= 100 && buf.subarray(0, 16).equals(SQLITE_MAGIC);
}

/**
 * The header blobs of an rpmdb.sqlite held in memory. Throws when SQLite cannot read it.
 *
 * A database deserialized from memory cannot use a write-ahead log, and SQLite refuses to open one
 * whose header says WAL; a copy with bytes 18–19 set to 1 (rollback journal) reads the same pages.
 * Transactions still sitting in a `-wal` file beside it are not seen: rpm checkpoints on close, so
 * images built normally have none.
 */
export function readSqliteBlobs(buf: Buffer): Buffer[] {
  const copy = Buffer.from(buf);
  if (copy[18] === 2) copy[18] = 1;
  if (copy[19] === 2) copy[19] = 1;
  const db = new Database(copy, { readonly: true });
  try {
    const rows = db.prepare('SELECT blob FROM Packages ORDER BY hnum').all() as { blob: Buffer }[];
    return rows.map((r) => r.blob);
  } finally {
    db.close();
  }
}
