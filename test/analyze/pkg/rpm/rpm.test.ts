import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import type { AnalyzerOutput } from '../../../../src/analyze/analyzer.js';
import type { FileInfo, LayerRef } from '../../../../src/image/fs-types.js';
import {
  RPM_MAX_BYTES,
  adler32,
  detectRpmDbFormat,
  parseSourceRpm,
  readBdbHash,
  readNdbBlobs,
  readRpmDatabase,
  readRpmHeader,
  readSqliteBlobs,
  rpmAnalyzer,
} from '../../../../src/analyze/pkg/rpm/index.js';
import { finalizeOsPackages } from '../../../../src/analyze/os/finalize.js';
import type { Package } from '../../../../src/sbom/package.js';
import { makeRpmFixture, rpmFixtureSkipReason, writeNdb, type RpmFixture } from './make-rpmdb.js';

const layer: LayerRef = { index: 0, diffID: 'sha256:' + '3'.repeat(64) };
const info = (path: string, size = 0): FileInfo => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size });
const skip = rpmFixtureSkipReason();
const fx: RpmFixture | undefined = skip ? undefined : makeRpmFixture();
after(() => fx?.cleanup());

function analyze(path: string, content: Buffer, truncated = false): AnalyzerOutput {
  return rpmAnalyzer.analyze({ path, info: info(path, content.length), content, truncated, layer }) as AnalyzerOutput;
}

/** Our packages in the reference's column layout (`rpm -qa --qf`). */
function asReference(pkgs: Package[]): string[] {
  return pkgs
    .map((p) => {
      const release = p.version.slice(p.version.lastIndexOf('-') + 1);
      const version = p.version.slice(0, p.version.lastIndexOf('-'));
      const vendor = (p.metadata?.vendor as string | undefined) ?? '';
      const src = (p.metadata?.sourceRpm as string | undefined) ?? '';
      return [p.name, p.epoch ?? '', version, release, p.arch ?? '', src, p.licenses.join(), vendor].join('\t');
    })
    .sort();
}

function referenceRows(f: RpmFixture): string[] {
  return f.reference.map((r) => [r.name, r.epoch, r.version, r.release, r.arch, r.sourceRpm, r.license, r.vendor].join('\t')).sort();
}

describe('rpm databases built by rpm', { skip }, () => {
  it('reads rpmdb.sqlite like rpm -qa', () => {
    const out = analyze('var/lib/rpm/rpmdb.sqlite', readFileSync(fx!.sqlite));
    assert.equal(out.warnings, undefined);
    assert.ok(out.packages!.length > 40);
    assert.deepEqual(asReference(out.packages!), referenceRows(fx!));
  });

  it('owns the files rpm -ql lists, directories only in Package.files', () => {
    const out = analyze('var/lib/rpm/rpmdb.sqlite', readFileSync(fx!.sqlite));
    for (const p of out.packages!) {
      const ref = (fx!.files.get(p.name) ?? []).map((f) => f.slice(1));
      assert.deepEqual(p.files ?? [], ref, p.name);
    }
    const tz = out.packages!.find((p) => p.name === 'tzdata')!;
    assert.ok(tz.files!.includes('usr/share/zoneinfo'), '%dir entry recorded');
    assert.ok(!out.ownedFiles!.includes('usr/share/zoneinfo'), 'but a directory is not an owned file');
    assert.ok(out.ownedFiles!.includes('usr/share/zoneinfo/Area0/City_0'));
    assert.equal(out.ownedFiles!.length, out.packages!.flatMap((p) => p.files ?? []).length - 2, 'two %dir entries');
  });

  it('resolves requirements to the package rpm --whatprovides names', () => {
    const out = analyze('var/lib/rpm/rpmdb.sqlite', readFileSync(fx!.sqlite));
    for (const p of out.packages!) {
      const expected = new Set<string>();
      for (const req of fx!.requires.get(p.name) ?? []) {
        const provider = fx!.whatProvides(req);
        if (provider && provider !== p.name) expected.add(provider);
      }
      assert.deepEqual(new Set(p.dependsOn ?? []), expected, p.name);
    }
    const curl = out.packages!.find((p) => p.name === 'curl')!;
    assert.deepEqual(new Set(curl.dependsOn), new Set(['openssl', 'openssl-libs']), 'file and soname requirements; bash is not installed');
  });

  it('records epoch and source package, and gets a redhat purl from finalizeOsPackages', () => {
    const out = analyze('var/lib/rpm/rpmdb.sqlite', readFileSync(fx!.sqlite));
    const [libs] = finalizeOsPackages(out.packages!.filter((p) => p.name === 'openssl-libs'), { family: 'rhel', version: '9.4' });
    assert.equal(libs.epoch, 1);
    assert.deepEqual(libs.source, { name: 'openssl', version: '3.0.7-27.el9' });
    assert.equal(libs.purl, `pkg:rpm/redhat/openssl-libs@3.0.7-27.el9?arch=${libs.arch}&distro=rhel-9.4&epoch=1`);
    assert.equal(libs.foundBy, 'rpm');
    assert.deepEqual(libs.locations, [{ path: 'var/lib/rpm/rpmdb.sqlite', layer }]);
  });

  it('reads the same packages from Berkeley DB files rpm itself accepts, in both byte orders and with checksums', { skip: fx?.bdbSkip }, () => {
    const want = referenceRows(fx!);
    for (const [label, file] of Object.entries(fx!.bdb!)) {
      if (label !== 'chksum') {
        // rpm (bdb_ro backend) reads the file: it is a real rpm Berkeley DB.
        assert.deepEqual(fx!.rpmNames(file.replace(/\/Packages$/, ''), 'bdb_ro')?.sort(), fx!.reference.map((r) => r.name).sort(), label);
      }
      const buf = readFileSync(file);
      assert.equal(detectRpmDbFormat(buf), 'bdb');
      const out = analyze('var/lib/rpm/Packages', buf);
      assert.equal(out.warnings, undefined, label);
      assert.deepEqual(asReference(out.packages!), want, label);
    }
  });

  it('follows overflow pages for headers larger than a page', { skip: fx?.bdbSkip }, () => {
    const { pairs } = readBdbHash(readFileSync(fx!.bdb!.le));
    const big = pairs.filter((p) => p.value.length > 4096);
    assert.ok(big.length >= 1, 'tzdata header spans pages');
    const sqliteBlobs = readSqliteBlobs(readFileSync(fx!.sqlite));
    for (const b of big) assert.ok(sqliteBlobs.some((s) => s.equals(b.value)), 'byte-identical to the sqlite blob');
  });

  it('reads ndb Packages.db', () => {
    const buf = readFileSync(fx!.ndb);
    assert.equal(detectRpmDbFormat(buf), 'ndb');
    const out = analyze('usr/lib/sysimage/rpm/Packages.db', buf);
    assert.equal(out.warnings, undefined);
    assert.deepEqual(asReference(out.packages!), referenceRows(fx!));
  });

  it('skips an ndb blob whose checksum does not match, with a warning', () => {
    const buf = Buffer.from(readFileSync(fx!.ndb));
    buf[4096 + 40] ^= 0xff; // inside the first blob, which starts right after the slot page
    const { blobs, warnings } = readNdbBlobs(buf);
    assert.equal(blobs.length, fx!.reference.length - 1);
    assert.match(warnings[0], /checksum mismatch/);
  });
});

describe('rpm robustness', { skip }, () => {
  it('warns instead of reading a truncated database', () => {
    const out = analyze('var/lib/rpm/rpmdb.sqlite', readFileSync(fx!.sqlite).subarray(0, 4096), true);
    assert.equal(out.packages, undefined);
    assert.match(out.warnings![0], /larger than 512 MiB, not read/);
    assert.equal(rpmAnalyzer.maxBytes, RPM_MAX_BYTES);
  });

  it('reports a cut Berkeley DB or sqlite file as unreadable, never throws', { skip: fx?.bdbSkip }, () => {
    const bdb = readFileSync(fx!.bdb!.le);
    const out = analyze('var/lib/rpm/Packages', bdb.subarray(0, 4096 * 2));
    assert.match(out.warnings![0], /rpm database \(bdb\) unreadable/);
    const sq = readFileSync(fx!.sqlite);
    const out2 = analyze('var/lib/rpm/rpmdb.sqlite', sq.subarray(0, 8192));
    assert.match(out2.warnings![0], /rpm database \(sqlite\) unreadable/);
  });

  it('names unsupported formats for the lead to turn into a finding', () => {
    const btree = Buffer.alloc(4096);
    btree.writeUInt32LE(0x053162, 12);
    assert.match(analyze('var/lib/rpm/Packages', btree).warnings![0], /rpm database format bdb-btree not supported/);
    assert.match(analyze('var/lib/rpm/Packages', Buffer.from('garbage'.repeat(100))).warnings![0], /rpm database format unrecognised not supported/);
    assert.deepEqual(analyze('var/lib/rpm/Packages', Buffer.alloc(0)), { packages: [] });
  });

  it('skips malformed header blobs with one summary warning', () => {
    const good = readSqliteBlobs(readFileSync(fx!.sqlite));
    const bad = Buffer.from(good[0]);
    bad.writeUInt32BE(0xffffffff, 4); // dl far beyond the blob
    assert.throws(() => readRpmHeader(bad), /implausible|needs/);
    const r = readRpmDatabase(writeNdb([bad, ...good.slice(1), Buffer.from('short')]), { path: 'var/lib/rpm/Packages.db' });
    assert.equal(r.packages.length, good.length - 1);
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0], /2 malformed rpm header\(s\) skipped \(first: implausible header sizes/);
  });
});

describe('rpm small pieces', () => {
  it('splits source rpm file names', () => {
    assert.deepEqual(parseSourceRpm('openssl-3.0.7-27.el9.src.rpm'), { name: 'openssl', version: '3.0.7-27.el9' });
    assert.deepEqual(parseSourceRpm('python3-pip-21.3.1-1.el9.nosrc.rpm'), { name: 'python3-pip', version: '21.3.1-1.el9' });
    assert.equal(parseSourceRpm('not-a-source'), undefined);
  });

  it('computes Adler-32 like zlib (RFC 1950 check value)', () => {
    assert.equal(adler32(Buffer.from('Wikipedia')), 0x11e60398);
    assert.equal(adler32(Buffer.alloc(0)), 1);
  });

  it('wants the database files in both rpm directories', () => {
    for (const p of ['var/lib/rpm/rpmdb.sqlite', 'var/lib/rpm/Packages', 'var/lib/rpm/Packages.db', 'usr/lib/sysimage/rpm/rpmdb.sqlite']) {
      assert.equal(rpmAnalyzer.wants(p, info(p)), true, p);
    }
    assert.equal(rpmAnalyzer.wants('var/lib/rpm/Name', info('var/lib/rpm/Name')), false);
    assert.equal(rpmAnalyzer.wants('var/lib/rpm/Packages', { ...info('x'), type: 'symlink' }), false);
  });

  it('returns no packages and one warning for an unreadable buffer', () => {
    const r = readRpmDatabase(Buffer.from('SQLite format 3\0' + 'x'.repeat(200)), { path: 'p' });
    assert.equal(r.packages.length, 0);
    assert.equal(r.warnings.length, 1);
  });
});
