/**
 * `db import`: OSV data → a fresh DB file, swapped in atomically. Accepts
 *   - a directory laid out like the osv.dev bucket (`<Ecosystem>/all.zip`, release folders included),
 *   - a single zip of `<ID>.json` records,
 *   - a directory (tree) of loose `*.json` records.
 * Records are read one at a time. A record that is not valid JSON or not OSV-shaped is skipped and
 * counted; a damaged archive aborts the import, leaving the old DB in place.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { InputError } from '../../errors.js';
import { splitEcosystem, isKnownEcosystem } from './ecosystem.js';
import { createDbWriter, type BuildStats, type DbWriter } from './store.js';
import type { OsvRecord } from './types.js';
import { alpineSecdbToOsv, isAlpineSecdb, type AlpineSecdb } from './native/alpine.js';
import { ZipFormatError, ZipReader, type ZipEntry } from './zip.js';

export interface ImportProgress {
  records: number;
  perSecond: number;
  /** The folder or file being read. */
  current: string;
}

export interface ImportOptions {
  /** The live DB file; the new one is built next to it and renamed over it. */
  dbPath: string;
  /** Ecosystem bases to keep (`Debian` keeps `Debian:12` too). Default: all. */
  ecosystems?: string[];
  /** Recorded in meta as the DB's source; default: the input path. */
  source?: string;
  extraMeta?: Record<string, string>;
  onProgress?: (p: ImportProgress) => void;
  now?: () => Date;
}

export interface ImportResult {
  dbPath: string;
  seconds: number;
  sizeBytes: number;
  stats: BuildStats;
  /** Advisories per ecosystem base. */
  counts: Record<string, number>;
}

/** Minimal shape check: enough that the store and the matcher never trip over a field's type. */
export function isOsvRecord(x: unknown): x is OsvRecord {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const r = x as Record<string, unknown>;
  if (typeof r.id !== 'string' || r.id === '' || typeof r.modified !== 'string' || r.modified === '') return false;
  for (const k of ['aliases', 'upstream', 'related'] as const) {
    if (r[k] !== undefined && !(Array.isArray(r[k]) && (r[k] as unknown[]).every((s) => typeof s === 'string'))) return false;
  }
  if (r.affected === undefined) return true;
  if (!Array.isArray(r.affected)) return false;
  return r.affected.every((a: unknown) => {
    if (typeof a !== 'object' || a === null || Array.isArray(a)) return false;
    const e = a as Record<string, unknown>;
    if (e.package !== undefined) {
      const p = e.package as Record<string, unknown> | null;
      if (typeof p !== 'object' || p === null || typeof p.ecosystem !== 'string' || typeof p.name !== 'string') return false;
    }
    if (e.ranges !== undefined) {
      if (!Array.isArray(e.ranges)) return false;
      if (!e.ranges.every((g: unknown) => typeof g === 'object' && g !== null && Array.isArray((g as { events?: unknown }).events))) return false;
    }
    return e.versions === undefined || Array.isArray(e.versions);
  });
}

type Input = { kind: 'bucket'; folders: Array<{ name: string; zip: string }> } | { kind: 'zip'; file: string } | { kind: 'loose'; dir: string };

function classify(input: string): Input {
  let st;
  try {
    st = statSync(input);
  } catch {
    throw new InputError(`${input}: no such file or directory`, 'pass an OSV bucket directory, an all.zip, or a directory of OSV .json files');
  }
  if (st.isFile()) return input.endsWith('.json') ? { kind: 'loose', dir: input } : { kind: 'zip', file: input };
  if (existsSync(path.join(input, 'all.zip'))) return { kind: 'zip', file: path.join(input, 'all.zip') };
  const folders = readdirSync(input, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(input, d.name, 'all.zip')))
    .map((d) => ({ name: d.name, zip: path.join(input, d.name, 'all.zip') }));
  if (folders.length > 0) return { kind: 'bucket', folders };
  return { kind: 'loose', dir: input };
}

/** Whether a process with this pid exists (EPERM: it does, owned by someone else). */
export function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes `<prefix><pid><rest>` entries of `dir` whose pid is gone: build files and download folders
 * of imports/updates that were killed. `rest` must match `restPattern` (anchored).
 */
export function removeStale(dir: string, prefix: string, restPattern = /^$/): void {
  for (const f of readdirSync(dir)) {
    if (!f.startsWith(prefix)) continue;
    const m = /^(\d+)(.*)$/.exec(f.slice(prefix.length));
    if (!m || !restPattern.test(m[2])) continue;
    if (!pidAlive(Number(m[1]))) rmSync(path.join(dir, f), { recursive: true, force: true });
  }
}

function* looseFiles(dir: string): Generator<string> {
  if (statSync(dir).isFile()) {
    yield dir;
    return;
  }
  for (const d of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) yield* looseFiles(p);
    else if (d.isFile() && d.name.endsWith('.json')) yield p;
  }
}

/**
 * Imports one or more inputs into one new DB. Besides OSV, a loose `.json` that is an Alpine secdb
 * (`<release>/main.json`) is converted (native/alpine.ts); its records go under `Alpine`.
 */
export function importOsv(inputs: string | string[], options: ImportOptions): ImportResult {
  const started = performance.now();
  const list = Array.isArray(inputs) ? inputs : [inputs];
  if (list.length === 0) throw new InputError('nothing to import', 'pass an OSV bucket directory, an all.zip, or a directory of OSV .json files');
  const classified = list.map((i) => classify(path.resolve(i)));
  const input = list.join(', ');
  const wanted = options.ecosystems?.length ? new Set(options.ecosystems.map((e) => splitEcosystem(e).base)) : undefined;
  const dir = path.dirname(path.resolve(options.dbPath));
  mkdirSync(dir, { recursive: true });
  removeStale(dir, path.basename(options.dbPath) + '.tmp-');
  const tmp = `${path.resolve(options.dbPath)}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });

  const writer = createDbWriter(tmp);
  let seen = 0;
  let lastReport = 0;
  let current = '';
  const report = () => {
    if (!options.onProgress) return;
    const now = performance.now();
    if (now - lastReport < 200) return;
    lastReport = now;
    options.onProgress({ records: seen, perSecond: Math.round(seen / Math.max((now - started) / 1000, 0.001)), current });
  };
  const secdbs: AlpineSecdb[] = [];
  let secdbModified = '';
  const take = (data: Buffer | string, folderBase: string | undefined, filterRecords: boolean, mtime?: Date): OsvRecord | undefined => {
    seen++;
    report();
    let rec: unknown;
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    try {
      rec = JSON.parse(bytes.toString('utf8'));
    } catch {
      writer.stats.malformed++;
      return undefined;
    }
    if (mtime && isAlpineSecdb(rec)) {
      secdbs.push(rec);
      const m = mtime.toISOString();
      if (m > secdbModified) secdbModified = m;
      return undefined;
    }
    if (!isOsvRecord(rec)) {
      writer.stats.malformed++;
      return undefined;
    }
    if (filterRecords && wanted) {
      // A folder says which ecosystem a record belongs to even when it has no affected[] (35 Debian records do).
      const keep = folderBase ? wanted.has(folderBase) : rec.affected?.some((a) => a.package && wanted.has(splitEcosystem(a.package.ecosystem).base));
      if (!keep) return undefined;
    }
    writer.add(rec, folderBase, bytes);
    return rec;
  };

  try {
    for (const what of classified) {
      if (what.kind === 'bucket') importBucket(what.folders, writer, wanted, take, (c) => (current = c));
      else if (what.kind === 'zip') {
        current = what.file;
        // `osv/Debian/all.zip` passed on its own still files its records under Debian.
        const parent = path.basename(what.file) === 'all.zip' ? splitEcosystem(path.basename(path.dirname(what.file))).base : '';
        const folderBase = isKnownEcosystem(parent) ? parent : undefined;
        const zip = new ZipReader(what.file);
        try {
          for (const e of zip.entries) if (e.name.endsWith('.json')) take(zip.read(e), folderBase, true);
        } finally {
          zip.close();
        }
      } else {
        for (const f of looseFiles(what.dir)) {
          current = f;
          // A loose tree laid out per ecosystem (`PyPI/PYSEC-….json`) counts its records under that folder.
          const parent = splitEcosystem(path.basename(path.dirname(f))).base;
          take(readFileSync(f), isKnownEcosystem(parent) ? parent : undefined, true, statSync(f).mtime);
        }
      }
    }
    if (secdbs.length > 0 && (!wanted || wanted.has('Alpine'))) {
      const { records, skipped } = alpineSecdbToOsv(secdbs, secdbModified);
      writer.stats.malformed += skipped;
      for (const r of records) writer.add(r, 'Alpine');
    }
    const total = writer.stats.records;
    if (total === 0) {
      throw new InputError(
        `${input}: no OSV records imported${writer.stats.malformed ? ` (${writer.stats.malformed} malformed)` : ''}${wanted ? ` for ${[...wanted].join(', ')}` : ''}`,
        'the existing database was left unchanged',
      );
    }
    writer.finish({ source: options.source ?? list.map((i) => path.resolve(i)).join(', '), builtAt: options.now?.(), extra: options.extraMeta });
  } catch (e) {
    writer.abort();
    rmSync(tmp, { force: true });
    if (e instanceof ZipFormatError) throw new InputError(e.message, 'the existing database was left unchanged', { cause: e });
    throw e;
  }
  // The build ran with synchronous=OFF: flush before the rename so a crash cannot expose a half-written file.
  const fd = openSync(tmp, 'r');
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, options.dbPath);
  try {
    const dfd = openSync(dir, 'r');
    fsyncSync(dfd);
    closeSync(dfd);
  } catch {
    /* directories cannot be opened for fsync on some platforms; the rename itself is still atomic */
  }
  const stats = writer.stats;
  const counts = readCounts(options.dbPath);
  return { dbPath: options.dbPath, seconds: (performance.now() - started) / 1000, sizeBytes: statSync(options.dbPath).size, stats, counts };
}

function importBucket(
  folders: Array<{ name: string; zip: string }>,
  writer: DbWriter,
  wanted: Set<string> | undefined,
  take: (data: Buffer, folderBase: string | undefined, filterRecords: boolean) => OsvRecord | undefined,
  setCurrent: (c: string) => void,
): void {
  // Base folders first: release folders then hold only copies, recognised by name + CRC + size
  // from the central directory without inflating (Alpine's release copies are half the bucket).
  const ordered = folders
    .filter((f) => !wanted || wanted.has(splitEcosystem(f.name).base))
    .sort((a, b) => Number(a.name.includes(':')) - Number(b.name.includes(':')) || a.name.localeCompare(b.name));
  const fingerprint = new Map<string, string>();
  const fp = (e: ZipEntry) => `${e.crc32}:${e.size}`;
  for (const folder of ordered) {
    setCurrent(folder.name);
    const base = splitEcosystem(folder.name).base;
    const zip = new ZipReader(folder.zip);
    try {
      for (const e of zip.entries) {
        if (!e.name.endsWith('.json')) continue;
        const id = path.posix.basename(e.name, '.json');
        if (fingerprint.get(`${base}\0${id}`) === fp(e) && writer.has(id, base)) {
          writer.stats.duplicates++;
          continue;
        }
        const rec = take(zip.read(e), base, false);
        if (rec) fingerprint.set(`${base}\0${rec.id}`, fp(e));
      }
    } finally {
      zip.close();
    }
  }
}

/** Counts read back from the file just renamed: what scans will see, not what the writer believes it wrote. */
function readCounts(dbPath: string): Record<string, number> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'counts'").get() as { value: string } | undefined;
    return JSON.parse(row?.value ?? '{}') as Record<string, number>;
  } finally {
    db.close();
  }
}
