/**
 * The vulnerability DB: one SQLite file built by `db import`/`db update` and read by scans. Rows are
 * keyed for the lookup a scan makes (ecosystem base + release + normalized package name); the full
 * OSV record is kept compressed so the matcher sees every field exactly as published.
 *
 * Writers never touch the live file: they build `vuln.db.tmp-<pid>` and rename it over `vuln.db`
 * (see import.ts), so a reader holding the old file keeps a consistent snapshot.
 */
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { LeftshiftError } from '../../errors.js';
import { defaultCacheDir } from '../../image/cache.js';
import { isKnownEcosystem, normalizeName, normalizeRelease, splitEcosystem } from './ecosystem.js';
import type { OsvRecord } from './types.js';

export type { OsvRecord } from './types.js';

/** Bump when the tables change; a DB with another version is treated as missing, not misread. */
export const SCHEMA_VERSION = 2;
export const DB_FILE = 'vuln.db';
/** Upper bound for the read connection's memory map (address space, not memory); a larger file is read past it. */
const MMAP_BYTES = 2 ** 30;

/** A scan needs a vulnerability DB and there is none (or it cannot be used): never report "0 vulnerabilities". */
export class NoVulnDbError extends LeftshiftError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIG', message, 'run `leftshift db update`, or `leftshift db import PATH` offline', options);
    this.name = 'NoVulnDbError';
  }
}

/** `--cache-dir`, else `$LEFTSHIFT_CACHE_DIR`, else `$XDG_CACHE_HOME/leftshift`, else `~/.cache/leftshift`. */
export function resolveCacheDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env.LEFTSHIFT_CACHE_DIR) return path.resolve(env.LEFTSHIFT_CACHE_DIR);
  return defaultCacheDir(env);
}

export function vulnDbPath(cacheDir: string): string {
  return path.join(cacheDir, 'db', DB_FILE);
}

const DDL = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- Keyed by (ecosystem, id), not id alone: different feeds reuse one id for different records (the
-- test data has 32 GHSA ids in both RubyGems and npm with different contents); keying by id would
-- silently drop one ecosystem's ranges.
CREATE TABLE advisories (
  id TEXT NOT NULL,
  ecosystem TEXT NOT NULL,          -- base of the folder it came from (or its first affected entry): what status counts
  modified TEXT NOT NULL,
  published TEXT,
  withdrawn TEXT,
  summary TEXT,
  severity_json TEXT,
  aliases_json TEXT,
  upstream_json TEXT,
  related_json TEXT,
  references_json TEXT,
  database_specific_json TEXT,
  raw_json BLOB NOT NULL,           -- the record as published, deflate-raw compressed
  details TEXT,
  affected_json TEXT,               -- the record's affected[] as published, uncompressed: all matching reads per lookup
  PRIMARY KEY (ecosystem, id)
);
CREATE TABLE affected (
  advisory_id TEXT NOT NULL,
  advisory_ecosystem TEXT NOT NULL, -- with advisory_id, the advisories key
  ecosystem TEXT NOT NULL,          -- as written, e.g. Debian:12
  ecosystem_base TEXT NOT NULL,     -- Debian
  release TEXT NOT NULL,            -- 12 ('' when unqualified)
  name TEXT NOT NULL,
  normalized_name TEXT NOT NULL,
  purl TEXT,
  ranges_json TEXT,
  versions_json TEXT,
  ecosystem_specific_json TEXT
);
`;
// Created after the bulk insert: building an index once is much faster than maintaining it per row.
const INDEXES = `
-- Covering for the lookup (advisory key included): a lookup reads the index only.
CREATE INDEX affected_pkg ON affected (ecosystem_base, normalized_name, release, advisory_id, advisory_ecosystem);
CREATE INDEX advisories_id ON advisories (id);
`;

function json(v: unknown): string | null {
  return v === undefined ? null : JSON.stringify(v);
}

/** The ecosystem an advisory row is filed under: its bucket folder's base, else its first affected package's. */
function advisoryEcosystemOf(r: OsvRecord, folderBase?: string): string {
  if (folderBase) return folderBase;
  const first = r.affected?.find((a) => a.package)?.package?.ecosystem;
  return first ? splitEcosystem(first).base : '';
}

export interface BuildStats {
  records: number;
  /** Same id (in the same ecosystem) seen again with the same or an older `modified` (release-folder copies). */
  duplicates: number;
  /** Same id seen again with a newer `modified`: the newer copy replaced the older. */
  replaced: number;
  malformed: number;
  withdrawn: number;
  /** affected[] entries whose ecosystem base is not one osv.dev publishes; kept. */
  unknownEcosystems: Record<string, number>;
}

export interface DbWriter {
  /** Adds or (when newer) replaces a record. `folderBase` is the bucket folder's ecosystem base, if known. */
  /** `raw` is the record's bytes as published, stored instead of a re-serialisation when given. */
  add(record: OsvRecord, folderBase?: string, raw?: Buffer): 'added' | 'duplicate' | 'replaced';
  /** Whether this id was already added under this ecosystem base. */
  has(id: string, folderBase: string): boolean;
  readonly stats: BuildStats;
  /** Writes meta, builds indexes and closes. */
  finish(meta: { source: string; builtAt?: Date; extra?: Record<string, string> }): void;
  /** Closes without finishing (the caller deletes the file). */
  abort(): void;
}

export function createDbWriter(file: string): DbWriter {
  const db = new Database(file);
  // A build file is thrown away on any failure, so durability during the build buys nothing.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -65536');
  db.exec(DDL);
  const insertAdvisory = db.prepare(
    `INSERT OR REPLACE INTO advisories VALUES (@id, @ecosystem, @modified, @published, @withdrawn, @summary, @severity,
       @aliases, @upstream, @related, @references, @dbSpecific, @raw, @details, @affected)`,
  );
  const insertAffected = db.prepare(
    `INSERT INTO affected VALUES (@advisoryId, @advisoryEcosystem, @ecosystem, @base, @release, @name, @normalized, @purl, @ranges, @versions, @ecoSpecific)`,
  );
  const deleteAffected = db.prepare('DELETE FROM affected WHERE advisory_ecosystem = ? AND advisory_id = ?');
  const seen = new Map<string, string>(); // ecosystem \0 id → modified
  const stats: BuildStats = { records: 0, duplicates: 0, replaced: 0, malformed: 0, withdrawn: 0, unknownEcosystems: {} };
  // One transaction around the whole build: per-row commits would make the import ~100x slower.
  db.exec('BEGIN');
  let open = true;

  function write(r: OsvRecord, advisoryEcosystem: string, raw: Buffer | undefined): void {
    insertAdvisory.run({
      id: r.id,
      ecosystem: advisoryEcosystem,
      modified: r.modified,
      published: r.published ?? null,
      withdrawn: r.withdrawn ?? null,
      summary: r.summary ?? null,
      severity: json(r.severity),
      aliases: json(r.aliases),
      upstream: json(r.upstream),
      related: json(r.related),
      references: json(r.references),
      dbSpecific: json(r.database_specific),
      // Level 1: a third of the CPU of the default for a few percent more bytes; the import is zlib-bound.
      raw: zlib.deflateRawSync(raw ?? Buffer.from(JSON.stringify(r)), { level: 1 }),
      details: r.details ?? null,
      affected: json(r.affected),
    });
    for (const a of r.affected ?? []) {
      // Entries without a package (GIT-only ranges) cannot be looked up by package; they stay in raw_json.
      if (!a.package) continue;
      const { base, release } = splitEcosystem(a.package.ecosystem);
      if (!isKnownEcosystem(base)) stats.unknownEcosystems[base] = (stats.unknownEcosystems[base] ?? 0) + 1;
      insertAffected.run({
        advisoryId: r.id,
        advisoryEcosystem,
        ecosystem: a.package.ecosystem,
        base,
        release: normalizeRelease(base, release),
        name: a.package.name,
        normalized: normalizeName(base, a.package.name),
        purl: a.package.purl ?? null,
        ranges: json(a.ranges),
        versions: json(a.versions),
        ecoSpecific: json(a.ecosystem_specific),
      });
    }
  }

  return {
    stats,
    has: (id, folderBase) => seen.has(`${folderBase}\0${id}`),
    add(record, folderBase, raw) {
      const eco = advisoryEcosystemOf(record, folderBase);
      const key = `${eco}\0${record.id}`;
      const prev = seen.get(key);
      if (prev !== undefined) {
        if (record.modified <= prev) {
          stats.duplicates++;
          return 'duplicate';
        }
        deleteAffected.run(eco, record.id);
        write(record, eco, raw);
        seen.set(key, record.modified);
        stats.replaced++;
        return 'replaced';
      }
      write(record, eco, raw);
      seen.set(key, record.modified);
      stats.records++;
      if (record.withdrawn) stats.withdrawn++;
      return 'added';
    },
    finish({ source, builtAt = new Date(), extra = {} }) {
      const counts: Record<string, number> = {};
      for (const row of db.prepare('SELECT ecosystem, COUNT(*) AS n FROM advisories GROUP BY ecosystem').all() as Array<{ ecosystem: string; n: number }>) {
        counts[row.ecosystem] = row.n;
      }
      const setMeta = db.prepare('INSERT OR REPLACE INTO meta VALUES (?, ?)');
      const meta: Record<string, string> = {
        ...extra,
        schema_version: String(SCHEMA_VERSION),
        built_at: builtAt.toISOString(),
        source,
        counts: JSON.stringify(counts),
        stats: JSON.stringify(stats),
      };
      for (const [k, v] of Object.entries(meta)) setMeta.run(k, v);
      db.exec(INDEXES);
      db.exec('COMMIT');
      db.exec('ANALYZE');
      open = false;
      db.close();
    },
    abort() {
      if (!open) return;
      open = false;
      try {
        db.exec('ROLLBACK');
      } catch {
        /* already failed; the file is deleted anyway */
      }
      db.close();
    },
  };
}

export interface DbStatus {
  path: string;
  sizeBytes: number;
  schemaVersion: number;
  builtAt: string;
  /** Days since built_at, fractional. */
  ageDays: number;
  source: string;
  /** Advisories per ecosystem base (the folder they were imported from). */
  counts: Record<string, number>;
  total: number;
  stats?: BuildStats;
  /** Ecosystems `db update` asked for that the source does not publish (404). */
  missingEcosystems?: string[];
}

export interface LookupOptions {
  /** Withdrawn advisories are left out unless asked for: a matcher that forgets to check would report them. */
  includeWithdrawn?: boolean;
}

/**
 * What matching needs of a record to decide whether a package version is affected, without decoding
 * the whole record: its id, withdrawn date and complete `affected[]` (as published). `record()` gives
 * the full record (decoded on first call, then shared: callers must not mutate it).
 */
export interface MatchCandidate {
  id: string;
  withdrawn?: string;
  affected?: OsvRecord['affected'];
  /** The full record as published. */
  record(): OsvRecord;
  /**
   * The record rebuilt from its columns, without inflating it: every field but `credits` and
   * `schema_version` (what matching reads), sharing `affected` with this candidate.
   */
  matchRecord(): OsvRecord;
}

export interface VulnDb {
  /**
   * Records with an affected entry for this package. `ecosystem` may carry a release
   * (`Debian:12`, `Alpine:v3.20` or `Alpine:3.20`): then only entries for that release match; without
   * one, entries of every release match. Records are complete (all their affected entries).
   */
  advisoriesFor(ecosystem: string, name: string, options?: LookupOptions): OsvRecord[];
  /** The same records as advisoriesFor, in the same order, as MatchCandidates (full records decoded lazily). */
  candidatesFor(ecosystem: string, name: string, options?: LookupOptions): MatchCandidate[];
  status(): DbStatus;
  close(): void;
}

/** The advisories columns a match record is rebuilt from, in this order (see StoredCandidate.matchRecord). */
const RECORD_COLUMNS = [
  'modified',
  'published',
  'summary',
  'details',
  'severity_json',
  'aliases_json',
  'upstream_json',
  'related_json',
  'references_json',
  'database_specific_json',
] as const;
/** A row of RECORD_COLUMNS: `modified` is NOT NULL, the rest may be. */
type RecordColumns = [modified: string, ...rest: Array<string | null>];

/** Reads one advisory row's other parts, by rowid, on demand. */
interface RecordSource {
  /** The record as published, deflate-raw compressed. */
  raw(rid: number): Buffer;
  columns(rid: number): RecordColumns;
}

/** A looked-up record: id, withdrawn date and affected[] decoded at once, the rest when asked for. */
class StoredCandidate implements MatchCandidate {
  readonly withdrawn?: string;
  readonly affected?: OsvRecord['affected'];
  private full?: OsvRecord;
  private view?: OsvRecord;

  constructor(
    private readonly source: RecordSource,
    readonly id: string,
    private readonly rid: number,
    withdrawn: string | null,
    affectedJson: string | null,
  ) {
    if (withdrawn !== null) this.withdrawn = withdrawn;
    if (affectedJson !== null) this.affected = JSON.parse(affectedJson) as OsvRecord['affected'];
  }

  record(): OsvRecord {
    return (this.full ??= JSON.parse(zlib.inflateRawSync(this.source.raw(this.rid)).toString('utf8')) as OsvRecord);
  }

  matchRecord(): OsvRecord {
    if (this.view) return this.view;
    const [modified, published, summary, details, severity, aliases, upstream, related, references, dbSpecific] = this.source.columns(this.rid);
    // The fields in the OSV schema's order, as a published record has them.
    const r: OsvRecord = { id: this.id, modified };
    if (published !== null) r.published = published;
    if (this.withdrawn !== undefined) r.withdrawn = this.withdrawn;
    if (aliases !== null) r.aliases = JSON.parse(aliases);
    if (upstream !== null) r.upstream = JSON.parse(upstream);
    if (related !== null) r.related = JSON.parse(related);
    if (summary !== null) r.summary = summary;
    if (details !== null) r.details = details;
    if (severity !== null) r.severity = JSON.parse(severity);
    if (this.affected !== undefined) r.affected = this.affected;
    if (references !== null) r.references = JSON.parse(references);
    if (dbSpecific !== null) r.database_specific = JSON.parse(dbSpecific);
    return (this.view = r);
  }
}

function readMeta(db: Database.Database): Map<string, string> {
  return new Map((db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]));
}

/** Opens the DB read-only. Throws NoVulnDbError when it is missing, unreadable or of another schema version. */
export function openVulnDb(file: string, now: () => Date = () => new Date()): VulnDb {
  if (!existsSync(file)) throw new NoVulnDbError(`no vulnerability database at ${file}`);
  let db: Database.Database;
  let meta: Map<string, string>;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    // Keep the shared lock from the first read until close. In the default mode SQLite takes and
    // drops it around every statement and re-checks the file for changes each time, a few system
    // calls that cost more than the lookup itself (a scan makes thousands). Nothing writes the live
    // file (writers build a temporary file and rename it over this one, see import.ts), so holding
    // the lock blocks no one; it also gives the connection one consistent snapshot.
    db.pragma('locking_mode = EXCLUSIVE');
    // Read pages through a memory map rather than one read() call each: a scan's lookups touch
    // thousands of pages, and a fresh connection starts with an empty page cache. Safe for the same
    // reason: the live file is only ever replaced by a rename, never truncated or rewritten in place.
    db.pragma(`mmap_size = ${MMAP_BYTES}`);
    meta = readMeta(db);
  } catch (e) {
    throw new NoVulnDbError(`vulnerability database ${file} is unreadable: ${(e as Error).message}`, { cause: e });
  }
  const version = Number(meta.get('schema_version'));
  if (version !== SCHEMA_VERSION) {
    db.close();
    throw new NoVulnDbError(`vulnerability database ${file} has schema version ${meta.get('schema_version') ?? 'none'}, this leftshift reads ${SCHEMA_VERSION}`);
  }
  // A lookup reads the advisory keys from the covering index and, per advisory, its withdrawn date
  // and affected[] (uncompressed; parsed once per open DB). A record's other fields are read only
  // if it matches, and the full record is inflated only when asked for.
  // The distinct advisory keys come from the covering index alone; only then is each joined to its
  // (wide) advisory row, so no affected_json goes through the DISTINCT.
  const lookupSql = (where: string) =>
    `SELECT k.id, a.rowid, a.withdrawn, a.affected_json
     FROM (SELECT DISTINCT advisory_id AS id, advisory_ecosystem AS ecosystem FROM affected WHERE ${where}) k
     JOIN advisories a ON a.ecosystem = k.ecosystem AND a.id = k.id ORDER BY k.id, k.ecosystem`;
  // `+?`, not `?`, for the first index column: with the ANALYZE data (sqlite_stat4) SQLite would
  // otherwise re-plan the statement whenever that parameter's value changes (to estimate its
  // selectivity from samples), which doubled the cost of a lookup. The unary plus keeps the value
  // (and the TEXT comparison) but hides it from the planner; the plan is the same covering-index
  // search either way.
  // Rows come back as arrays (`raw`): building an object per row, its keys looked up by name each
  // time, cost more than the query.
  const byRelease = db.prepare(lookupSql('ecosystem_base = +? AND normalized_name = ? AND release = ?')).raw(true);
  const anyRelease = db.prepare(lookupSql('ecosystem_base = +? AND normalized_name = ?')).raw(true);
  type Head = [id: string, rid: number, withdrawn: string | null, affected: string | null];
  const rawOf = db.prepare('SELECT raw_json FROM advisories WHERE rowid = ?').pluck();
  const columnsOf = db.prepare(`SELECT ${RECORD_COLUMNS.join(', ')} FROM advisories WHERE rowid = ?`).raw(true);
  const source: RecordSource = {
    raw: (rid) => rawOf.get(rid) as Buffer,
    columns: (rid) => columnsOf.get(rid) as RecordColumns,
  };
  // Per open DB, by advisory row: a record named by several packages (or asked for by several
  // lookups) is parsed once. Records are shared and must not be mutated.
  const candidates = new Map<number, StoredCandidate>();
  const MAX_CANDIDATES = 50_000;
  const candidateOf = ([id, rid, withdrawn, affected]: Head): StoredCandidate => {
    let c = candidates.get(rid);
    if (c) return c;
    c = new StoredCandidate(source, id, rid, withdrawn, affected);
    if (candidates.size >= MAX_CANDIDATES) candidates.clear();
    candidates.set(rid, c);
    return c;
  };
  const candidatesFor = (ecosystem: string, name: string, options: LookupOptions = {}): MatchCandidate[] => {
    const { base, release } = splitEcosystem(ecosystem);
    const key = normalizeName(base, name);
    const rows = (release
      ? byRelease.all(base, key, normalizeRelease(base, release))
      : anyRelease.all(base, key)) as Head[];
    const out: MatchCandidate[] = [];
    for (const row of rows) {
      if (row[2] && !options.includeWithdrawn) continue;
      out.push(candidateOf(row));
    }
    return out;
  };
  return {
    advisoriesFor: (ecosystem, name, options = {}) => candidatesFor(ecosystem, name, options).map((c) => c.record()),
    candidatesFor,
    status() {
      const builtAt = meta.get('built_at') ?? '';
      const counts = JSON.parse(meta.get('counts') ?? '{}') as Record<string, number>;
      return {
        path: file,
        sizeBytes: statSync(file).size,
        schemaVersion: version,
        builtAt,
        ageDays: (now().getTime() - Date.parse(builtAt)) / 86_400_000,
        source: meta.get('source') ?? '',
        counts,
        total: Object.values(counts).reduce((a, b) => a + b, 0),
        stats: meta.has('stats') ? (JSON.parse(meta.get('stats')!) as BuildStats) : undefined,
        missingEcosystems: meta.has('missing_ecosystems') ? (JSON.parse(meta.get('missing_ecosystems')!) as string[]) : undefined,
      };
    },
    close() {
      db.close();
    },
  };
}

export type Freshness =
  | { state: 'missing'; message: string }
  | { state: 'fresh' | 'stale'; builtAt: string; ageDays: number; message?: string };

/**
 * How old the DB is, for scans to warn on. Does not throw on a missing DB (the scan decides whether
 * that is fatal; see NoVulnDbError), so it can also serve `--skip-db-update`-style flows.
 */
export function dbFreshness(maxAgeDays: number, options: { path?: string; now?: () => Date } = {}): Freshness {
  const file = options.path ?? vulnDbPath(resolveCacheDir());
  let db: VulnDb;
  try {
    db = openVulnDb(file, options.now);
  } catch (e) {
    if (e instanceof NoVulnDbError) return { state: 'missing', message: e.message };
    throw e;
  }
  try {
    const s = db.status();
    if (s.ageDays > maxAgeDays) {
      return {
        state: 'stale',
        builtAt: s.builtAt,
        ageDays: s.ageDays,
        message: `vulnerability database is ${Math.floor(s.ageDays)} days old (built ${s.builtAt}); run \`leftshift db update\``,
      };
    }
    return { state: 'fresh', builtAt: s.builtAt, ageDays: s.ageDays };
  } finally {
    db.close();
  }
}
