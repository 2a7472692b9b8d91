/**
 * Builds real rpm databases for the rpm analyzer tests.
 *
 * - rpmbuild builds tiny packages from spec files written here, and `rpm -i --justdb --nodeps` records
 *   them in an rpmdb.sqlite (Debian's rpm 4.18 writes only the sqlite backend; its bdb_ro backend reads).
 * - The same header blobs are written to a Berkeley DB hash `Packages` with db5.3_load (Debian's
 *   db5.3-util), the way rpm < 4.16 stored them: key = header instance number (4 bytes, native order),
 *   value = header blob, plus rpm's key-0 record. rpm itself (`--define '_db_backend bdb_ro'`) must read
 *   the result, which proves it is a database rpm accepts. Variants: big-endian, and with page checksums.
 * - Debian's rpm has no ndb backend, so `Packages.db` is written here from the ndb format facts
 *   (rpm lib/backend/ndb/rpmpkg.c) around the same blobs; it has no rpm to check it against.
 *
 * The reference for every test is `rpm -qa --dbpath … --qf …` on the sqlite database.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { adler32 } from '../../../../src/analyze/pkg/rpm/ndb.js';

export interface RpmRef {
  name: string;
  epoch: string;
  version: string;
  release: string;
  arch: string;
  sourceRpm: string;
  license: string;
  vendor: string;
}

export interface RpmFixture {
  dir: string;
  sqlite: string;
  ndb: string;
  /** Berkeley DB variants; undefined with `bdbSkip` when db5.3_load is missing. */
  bdb?: { le: string; be: string; chksum: string };
  bdbSkip?: string;
  reference: RpmRef[];
  /** name → paths from `rpm -ql` (absolute) */
  files: Map<string, string[]>;
  /** name → REQUIRENAME entries */
  requires: Map<string, string[]>;
  /** `rpm -q --whatprovides` for a capability, against the sqlite database */
  whatProvides(cap: string): string | undefined;
  /** `rpm -qa --qf '%{NAME}'` with a given backend and database directory */
  rpmNames(dbDir: string, backend: string): string[] | undefined;
  cleanup(): void;
}

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** Why the fixture cannot be built here, or undefined when it can. */
export function rpmFixtureSkipReason(): string | undefined {
  if (!has('rpmbuild') || !has('rpm')) return 'rpm/rpmbuild not installed (apt-get install rpm)';
  return undefined;
}

const BULK = 40;

function specs(): Record<string, string> {
  const common = '%define debug_package %{nil}\n%define _build_id_links none\n';
  const bulkPkgs = Array.from({ length: BULK }, (_, i) => `%package -n bulk-${i}\nSummary: bulk ${i}\nLicense: MIT\n%description -n bulk-${i}\nbulk ${i}\n%files -n bulk-${i}\n/usr/share/bulk/${i}.txt\n`).join('\n');
  const manyFiles = Array.from({ length: 300 }, (_, i) => `/usr/share/zoneinfo/Area${i % 7}/City_${i}`).join('\n');
  return {
    'openssl.spec': `${common}Name: openssl
Epoch: 1
Version: 3.0.7
Release: 27.el9
Summary: fixture
License: Apache-2.0
Vendor: Leftshift Fixtures
Requires: openssl-libs = 1:3.0.7-27.el9
%description
fixture
%package libs
Summary: fixture libs
Provides: libcrypto.so.3()(64bit)
%description libs
fixture libs
%install
mkdir -p %{buildroot}/usr/bin %{buildroot}/usr/lib64 %{buildroot}/etc/pki/tls
echo x > %{buildroot}/usr/bin/openssl
echo x > %{buildroot}/usr/lib64/libcrypto.so.3
echo x > %{buildroot}/etc/pki/tls/openssl.cnf
%files
/usr/bin/openssl
%files libs
%dir /etc/pki/tls
%config(noreplace) /etc/pki/tls/openssl.cnf
/usr/lib64/libcrypto.so.3
`,
    'curl.spec': `${common}Name: curl
Version: 7.76.1
Release: 29.el9_4
Summary: fixture
License: curl
Requires: libcrypto.so.3()(64bit), /usr/bin/openssl, bash, coreutils >= 8
%description
fixture
%install
mkdir -p %{buildroot}/usr/bin
echo x > %{buildroot}/usr/bin/curl
%files
/usr/bin/curl
`,
    'tzdata.spec': `${common}Name: tzdata
Version: 2024a
Release: 1.el9
Summary: fixture
License: LicenseRef-Fedora-Public-Domain AND (GPL-2.0-only WITH Linux-syscall-note)
BuildArch: noarch
%description
fixture with many files, so its header needs Berkeley DB overflow pages
%install
for i in $(seq 0 299); do mkdir -p %{buildroot}/usr/share/zoneinfo/Area$((i % 7)); echo $i > %{buildroot}/usr/share/zoneinfo/Area$((i % 7))/City_$i; done
%files
%dir /usr/share/zoneinfo
${manyFiles}
`,
    'bulk.spec': `${common}Name: bulk
Version: 1.0
Release: 1
Summary: fixture
License: MIT
%description
fixture
%install
mkdir -p %{buildroot}/usr/share/bulk
for i in $(seq 0 ${BULK - 1}); do echo $i > %{buildroot}/usr/share/bulk/$i.txt; done
${bulkPkgs}`,
  };
}

function sh(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
}

/** `Packages.db` in rpm's ndb layout around the given header blobs. */
export function writeNdb(blobs: Buffer[]): Buffer {
  const PAGE = 4096;
  const slotsNeeded = 2 + blobs.length; // the 32-byte file header takes two slots
  const slotnpages = Math.max(1, Math.ceil((slotsNeeded * 16) / PAGE));
  const parts: Buffer[] = [];
  const slotArea = Buffer.alloc(slotnpages * PAGE);
  for (let off = 0; off < slotArea.length; off += 16) slotArea.write('Slot', off, 'latin1');
  slotArea.write('RpmP', 0, 'latin1');
  slotArea.writeUInt32LE(0, 4); // version
  slotArea.writeUInt32LE(1, 8); // generation
  slotArea.writeUInt32LE(slotnpages, 12);
  slotArea.writeUInt32LE(blobs.length + 1, 16); // next pkgidx
  slotArea.fill(0, 20, 32);
  parts.push(slotArea);
  let blkoff = (slotnpages * PAGE) / 16;
  blobs.forEach((blob, i) => {
    const pkgidx = i + 1;
    const blkcnt = Math.ceil((16 + blob.length + 12) / 16);
    const rec = Buffer.alloc(blkcnt * 16);
    rec.write('BlbS', 0, 'latin1');
    rec.writeUInt32LE(pkgidx, 4);
    rec.writeUInt32LE(1700000000, 8);
    rec.writeUInt32LE(blob.length, 12);
    blob.copy(rec, 16);
    const tail = rec.length - 12;
    rec.writeUInt32LE(adler32(rec, 0, tail), tail);
    rec.writeUInt32LE(blob.length, tail + 4);
    rec.write('BlbE', tail + 8, 'latin1');
    const slot = 32 + i * 16;
    slotArea.writeUInt32LE(pkgidx, slot + 4);
    slotArea.writeUInt32LE(blkoff, slot + 8);
    slotArea.writeUInt32LE(blkcnt, slot + 12);
    parts.push(rec);
    blkoff += blkcnt;
  });
  return Buffer.concat(parts);
}

/** db_load input ("bytevalue" dump format) for a hash database with rpm's keys. */
function bdbDump(rows: { hnum: number; blob: Buffer }[]): string {
  const le32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b.toString('hex');
  };
  const lines = ['VERSION=3', 'format=bytevalue', 'type=hash', 'db_pagesize=4096', 'HEADER=END'];
  lines.push(` ${le32(0)}`, ` ${le32(Math.max(...rows.map((r) => r.hnum)))}`);
  for (const r of rows) lines.push(` ${le32(r.hnum)}`, ` ${r.blob.toString('hex')}`);
  lines.push('DATA=END');
  return lines.join('\n') + '\n';
}

export function makeRpmFixture(): RpmFixture {
  const dir = mkdtempSync(join(tmpdir(), 'leftshift-rpmdb-'));
  const top = join(dir, 'rpmbuild');
  for (const d of ['SPECS', 'SOURCES', 'BUILD', 'RPMS', 'SRPMS', 'BUILDROOT']) mkdirSync(join(top, d), { recursive: true });
  for (const [file, text] of Object.entries(specs())) {
    writeFileSync(join(top, 'SPECS', file), text);
    sh('rpmbuild', ['-bb', '--define', `_topdir ${top}`, join(top, 'SPECS', file)]);
  }
  const rpms: string[] = [];
  for (const archDir of readdirSync(join(top, 'RPMS'))) {
    for (const f of readdirSync(join(top, 'RPMS', archDir))) rpms.push(join(top, 'RPMS', archDir, f));
  }
  const sqliteDir = join(dir, 'sqlite');
  mkdirSync(sqliteDir);
  sh('rpm', ['--initdb', '--dbpath', sqliteDir, '--define', '_db_backend sqlite']);
  sh('rpm', ['-i', '--justdb', '--nodeps', '--noscripts', '--notriggers', '--ignorearch', '--ignoreos', '--dbpath', sqliteDir, '--define', '_db_backend sqlite', ...rpms]);

  const q = (qf: string) => sh('rpm', ['-qa', '--dbpath', sqliteDir, '--qf', qf]).split('\n').filter(Boolean).map((l) => l.split('\t'));
  const reference = q('%{NAME}\t%|EPOCH?{%{EPOCH}}:{}|\t%{VERSION}\t%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\t%{LICENSE}\t%|VENDOR?{%{VENDOR}}:{}|\n').map(
    ([name, epoch, version, release, arch, sourceRpm, license, vendor]) => ({ name, epoch, version, release, arch, sourceRpm, license, vendor }),
  );
  const files = new Map<string, string[]>();
  for (const [name, f] of q('[%{=NAME}\t%{FILENAMES}\n]')) files.set(name, [...(files.get(name) ?? []), f]);
  const requires = new Map<string, string[]>();
  for (const [name, r] of q('[%{=NAME}\t%{REQUIRENAME}\n]')) requires.set(name, [...(requires.get(name) ?? []), r]);

  // The blobs exactly as rpm stored them, for the other backends.
  const db = new Database(join(sqliteDir, 'rpmdb.sqlite'), { readonly: true });
  const rows = (db.prepare('SELECT hnum, blob FROM Packages ORDER BY hnum').all() as { hnum: number; blob: Buffer }[]).map((r) => ({ hnum: r.hnum, blob: Buffer.from(r.blob) }));
  db.close();

  const ndbDir = join(dir, 'ndb');
  mkdirSync(ndbDir);
  const ndb = join(ndbDir, 'Packages.db');
  writeFileSync(ndb, writeNdb(rows.map((r) => r.blob)));

  let bdb: RpmFixture['bdb'];
  let bdbSkip: string | undefined;
  if (has('db5.3_load')) {
    const dump = join(dir, 'packages.dump');
    writeFileSync(dump, bdbDump(rows));
    const variant = (name: string, opts: string[]) => {
      const d = join(dir, name);
      mkdirSync(d);
      sh('db5.3_load', [...opts, '-f', dump, join(d, 'Packages')]);
      return join(d, 'Packages');
    };
    bdb = { le: variant('bdb-le', []), be: variant('bdb-be', ['-c', 'db_lorder=4321']), chksum: variant('bdb-chksum', ['-c', 'chksum=1']) };
  } else {
    bdbSkip = 'db5.3_load not installed (apt-get install db5.3-util)';
  }

  return {
    dir,
    sqlite: join(sqliteDir, 'rpmdb.sqlite'),
    ndb,
    bdb,
    bdbSkip,
    reference,
    files,
    requires,
    whatProvides(cap) {
      const r = spawnSync('rpm', ['-q', '--dbpath', sqliteDir, '--whatprovides', cap, '--qf', '%{NAME}\n']);
      return r.status === 0 ? r.stdout.toString('utf8').split('\n')[0] : undefined;
    },
    rpmNames(dbDir, backend) {
      const r = spawnSync('rpm', ['-qa', '--dbpath', dbDir, '--define', `_db_backend ${backend}`, '--qf', '%{NAME}\n']);
      return r.status === 0 ? r.stdout.toString('utf8').split('\n').filter(Boolean) : undefined;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
