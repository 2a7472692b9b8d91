/**
 * rpm packages: one analyzer for the three database formats, which all hold the same header blobs.
 *
 *   rpmdb.sqlite  sqlite   Fedora ≥ 33, RHEL/UBI/Rocky/Alma ≥ 9, Amazon Linux 2023, current SUSE
 *   Packages      bdb      RHEL/CentOS ≤ 8, Amazon Linux 2, older distributions
 *   Packages.db   ndb      openSUSE/SLES 15 (before sqlite)
 *
 * The format is recognised by content, not by name. Fedora ≥ 36 and openSUSE keep the database in
 * usr/lib/sysimage/rpm with var/lib/rpm a symlink to it, so both directories are read.
 */
import type { Analyzer, AnalyzerInput, AnalyzerOutput } from '../../analyzer.js';
import type { LayerRef } from '../../../image/fs-types.js';
import type { Package } from '../../../sbom/package.js';
import { osPackagePurl } from '../../os/finalize.js';
import { isBdbHash, readBdbHash } from './bdb.js';
import { parseSourceRpm, readRpmHeader, type RpmHeaderInfo } from './header.js';
import { isNdb, readNdbBlobs } from './ndb.js';
import { isSqlite, readSqliteBlobs } from './sqlite.js';

export { parseHeader, readRpmHeader, parseSourceRpm, TAG, RpmHeaderError, type RpmHeaderInfo } from './header.js';
export { readBdbHash, isBdbHash, BdbError } from './bdb.js';
export { readNdbBlobs, isNdb, adler32, NdbError } from './ndb.js';
export { readSqliteBlobs, isSqlite } from './sqlite.js';

const DB_DIRS = ['var/lib/rpm/', 'usr/lib/sysimage/rpm/'];
const DB_FILES = ['rpmdb.sqlite', 'Packages', 'Packages.db'];
export const RPM_DB_PATHS: readonly string[] = DB_DIRS.flatMap((d) => DB_FILES.map((f) => d + f));

/** A whole database must be read at once: a truncated sqlite or Berkeley DB file is unreadable. */
export const RPM_MAX_BYTES = 512 * 1024 * 1024;

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;

export type RpmDbFormat = 'sqlite' | 'bdb' | 'ndb';

/** Which backend wrote the file, or a description of what it is instead. */
export function detectRpmDbFormat(buf: Buffer): RpmDbFormat | { unknown: string } {
  if (isSqlite(buf)) return 'sqlite';
  if (isBdbHash(buf)) return 'bdb';
  if (isNdb(buf)) return 'ndb';
  if (buf.length >= 16) {
    const m = buf.readUInt32LE(12);
    const mb = buf.readUInt32BE(12);
    // Berkeley DB btree and queue metadata magics: other rpm index files, never Packages itself.
    if (m === 0x053162 || mb === 0x053162) return { unknown: 'bdb-btree' };
    if (m === 0x042253 || mb === 0x042253) return { unknown: 'bdb-queue' };
  }
  return { unknown: buf.length === 0 ? 'empty' : 'unrecognised' };
}

/** Header blobs of the database, or an error message to report. */
function readBlobs(format: RpmDbFormat, buf: Buffer): { blobs: Buffer[]; warnings: string[] } {
  switch (format) {
    case 'sqlite':
      return { blobs: readSqliteBlobs(buf), warnings: [] };
    case 'bdb': {
      const { pairs, warnings } = readBdbHash(buf);
      // rpm keeps a record under key 0 holding the last header instance number it assigned; no header.
      const blobs = pairs.filter((p) => !(p.key.length === 4 && p.key.readUInt32LE(0) === 0)).map((p) => p.value);
      return { blobs, warnings };
    }
    case 'ndb':
      return readNdbBlobs(buf);
  }
}

function toPackage(h: RpmHeaderInfo, path: string, layer: LayerRef | undefined): Package {
  const version = `${h.version}-${h.release}`;
  const src = h.sourceRpm ? parseSourceRpm(h.sourceRpm) : undefined;
  const pkg: Package = {
    type: 'rpm',
    name: h.name,
    version,
    purl: '',
    licenses: h.license ? [h.license] : [],
    locations: [{ path, ...(layer ? { layer } : {}) }],
    foundBy: 'rpm',
  };
  if (h.epoch !== undefined) pkg.epoch = h.epoch;
  if (h.arch) pkg.arch = h.arch;
  if (src) pkg.source = src;
  pkg.purl = osPackagePurl(pkg);
  if (h.files.length > 0) pkg.files = h.files.map((f) => f.replace(/^\/+/, ''));
  const metadata: Record<string, unknown> = {};
  if (h.vendor) metadata.vendor = h.vendor;
  if (h.sourceRpm) metadata.sourceRpm = h.sourceRpm;
  if (h.modularityLabel) metadata.modularityLabel = h.modularityLabel;
  if (Object.keys(metadata).length > 0) pkg.metadata = metadata;
  return pkg;
}

/**
 * REQUIRENAME holds capabilities (`libc.so.6()(64bit)`, `/bin/sh`, `config(x)`), not package names:
 * each resolves to the installed package that provides it or owns the file. `rpmlib(...)` needs are
 * features of rpm itself; unresolved capabilities are dropped.
 */
function resolveRequires(entries: { pkg: Package; info: RpmHeaderInfo }[]): void {
  const provider = new Map<string, string>();
  const add = (cap: string, name: string) => {
    if (!provider.has(cap)) provider.set(cap, name);
  };
  for (const { pkg, info } of entries) {
    add(pkg.name, pkg.name);
    for (const p of info.provides) add(p, pkg.name);
    for (const f of info.files) add(f, pkg.name);
  }
  for (const { pkg, info } of entries) {
    const deps = new Set<string>();
    for (const req of info.requires) {
      if (req.startsWith('rpmlib(')) continue;
      const target = provider.get(req);
      if (target && target !== pkg.name) deps.add(target);
    }
    if (deps.size > 0) pkg.dependsOn = [...deps];
  }
}

/** Packages of an rpm database held in memory; never throws. */
export function readRpmDatabase(buf: Buffer, opts: { path: string; layer?: LayerRef }): { packages: Package[]; ownedFiles: string[]; warnings: string[] } {
  const format = detectRpmDbFormat(buf);
  if (typeof format !== 'string') {
    return { packages: [], ownedFiles: [], warnings: [`${opts.path}: rpm database format ${format.unknown} not supported`] };
  }
  let read: { blobs: Buffer[]; warnings: string[] };
  try {
    read = readBlobs(format, buf);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { packages: [], ownedFiles: [], warnings: [`${opts.path}: rpm database (${format}) unreadable: ${msg}`] };
  }
  const warnings = read.warnings.map((w) => `${opts.path}: ${w}`);
  const entries: { pkg: Package; info: RpmHeaderInfo }[] = [];
  const ownedFiles: string[] = [];
  let bad = 0;
  let firstError = '';
  for (const blob of read.blobs) {
    let info: RpmHeaderInfo;
    try {
      info = readRpmHeader(blob);
    } catch (e) {
      if (bad++ === 0) firstError = e instanceof Error ? e.message : String(e);
      continue;
    }
    // gpg-pubkey "packages" are imported signing keys, not software.
    if (info.name === 'gpg-pubkey') continue;
    const pkg = toPackage(info, opts.path, opts.layer);
    entries.push({ pkg, info });
    info.files.forEach((f, i) => {
      const mode = info.fileModes?.[i];
      if (mode === undefined || (mode & S_IFMT) !== S_IFDIR) ownedFiles.push(f.replace(/^\/+/, ''));
    });
  }
  if (bad > 0) warnings.push(`${opts.path}: ${bad} malformed rpm header(s) skipped (first: ${firstError})`);
  resolveRequires(entries);
  return { packages: entries.map((e) => e.pkg), ownedFiles, warnings };
}

export const rpmAnalyzer: Analyzer = {
  name: 'rpm',
  version: 1,
  maxBytes: RPM_MAX_BYTES,
  wants(path, info) {
    return (info.type === 'file' || info.type === 'hardlink') && RPM_DB_PATHS.includes(path);
  },
  analyze({ path, content, truncated, layer }: AnalyzerInput): AnalyzerOutput {
    if (truncated) {
      return { warnings: [`${path}: rpm database larger than ${RPM_MAX_BYTES / 1024 / 1024} MiB, not read (a partial database cannot be parsed)`] };
    }
    // An empty file is an empty database (left behind when the database moved), not an unknown format.
    if (content.length === 0) return { packages: [] };
    const { packages, ownedFiles, warnings } = readRpmDatabase(content, { path, layer });
    const out: AnalyzerOutput = { packages };
    if (ownedFiles.length > 0) out.ownedFiles = ownedFiles;
    if (warnings.length > 0) out.warnings = warnings;
    return out;
  },
};
