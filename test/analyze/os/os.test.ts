import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AnalyzerOutput } from '../../../src/analyze/analyzer.js';
import type { FileInfo, LayerRef } from '../../../src/image/fs-types.js';
import {
  OS_EOL_TABLE,
  debianVersionAnalyzer,
  detectOS,
  distroQualifier,
  finalizeOsPackages,
  lookupEol,
  osFromOsRelease,
  osReleaseAnalyzer,
  parseAlpineRelease,
  parseLsbRelease,
  parseOsRelease,
  parseRedhatStyleRelease,
  redhatReleaseAnalyzer,
} from '../../../src/analyze/os/index.js';
import type { OSInfo, Package } from '../../../src/sbom/package.js';
import { OS_RELEASE_SAMPLES } from './samples.js';

const layer: LayerRef = { index: 0, diffID: 'sha256:' + '0'.repeat(64) };
const fileInfo = (path: string, type: FileInfo['type'] = 'file'): FileInfo => ({ path, type, mode: 0o644, uid: 0, gid: 0, size: 1 });

/** The shell is the reference parser for os-release: the format is defined as sourceable shell. */
function shellFields(text: string, keys: string[]): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'osrel-'));
  const f = join(dir, 'os-release');
  writeFileSync(f, text);
  const script = `. "${f}"; ` + keys.map((k) => `printf '%s\\0' "\${${k}-}"`).join('; ');
  const out = execFileSync('sh', ['-c', script]).toString('utf8').split('\0');
  return Object.fromEntries(keys.map((k, i) => [k, out[i]]));
}

describe('os-release parsing', () => {
  for (const real of ['/etc/os-release', '/usr/lib/os-release']) {
    it(`reads this machine's ${real} like the shell does`, { skip: !existsSync(real) && `${real} missing` }, () => {
      const text = readFileSync(real, 'utf8');
      const keys = ['ID', 'VERSION_ID', 'PRETTY_NAME', 'VERSION_CODENAME', 'NAME'];
      const sh = shellFields(text, keys);
      const ours = parseOsRelease(text);
      for (const k of keys) assert.equal(ours[k] ?? '', sh[k], k);
      const os = osFromOsRelease(ours)!;
      assert.equal(os.family, sh.ID);
      assert.equal(os.version, sh.VERSION_ID);
    });
  }

  it('agrees with the shell on every sample, including quoting and escapes', () => {
    const tricky = `ID="weird"\nNAME='single quoted'\nPRETTY_NAME="say \\"hi\\" \\$HOME"\n# comment\nVERSION_ID=1.0\n`;
    for (const text of [...Object.values(OS_RELEASE_SAMPLES).map((s) => s.text), tricky]) {
      const keys = ['ID', 'VERSION_ID', 'PRETTY_NAME', 'NAME'];
      const sh = shellFields(text, keys);
      const ours = parseOsRelease(text);
      for (const k of keys) assert.equal(ours[k] ?? '', sh[k], `${k} in ${text.split('\n')[0]}`);
    }
  });

  for (const [label, s] of Object.entries(OS_RELEASE_SAMPLES)) {
    it(`maps ${label} to family ${s.family} ${s.version}`, () => {
      const os = osFromOsRelease(parseOsRelease(s.text))!;
      assert.equal(os.family, s.family);
      assert.equal(os.version, s.version);
      assert.equal(os.codename, s.codename);
    });
  }
});

describe('release files', () => {
  it('reads this machine\'s etc/debian_version', { skip: !existsSync('/etc/debian_version') && 'not Debian' }, () => {
    const content = readFileSync('/etc/debian_version');
    const out = debianVersionAnalyzer.analyze({ path: 'etc/debian_version', info: fileInfo('etc/debian_version'), content, truncated: false, layer }) as AnalyzerOutput;
    assert.equal(out.os?.family, 'debian');
    assert.equal(out.os?.version, content.toString().trim());
    assert.equal(out.os?.location?.path, 'etc/debian_version');
  });

  it('parses redhat-release / system-release lines of each RHEL-like family', () => {
    const cases: [string, string, string][] = [
      ['Red Hat Enterprise Linux release 9.4 (Plow)', 'rhel', '9.4'],
      ['CentOS Linux release 7.9.2009 (Core)', 'centos', '7.9.2009'],
      ['CentOS Stream release 9', 'centos', '9'],
      ['Rocky Linux release 9.3 (Blue Onyx)', 'rocky', '9.3'],
      ['AlmaLinux release 9.3 (Shamrock Pearl Jaguar)', 'almalinux', '9.3'],
      ['Fedora release 39 (Thirty Nine)', 'fedora', '39'],
      ['Amazon Linux release 2 (Karoo)', 'amzn', '2'],
      ['Amazon Linux release 2023.3.20240131 (Amazon Linux)', 'amzn', '2023.3.20240131'],
      ['Amazon Linux AMI release 2018.03', 'amzn', '2018.03'],
    ];
    for (const [line, family, version] of cases) {
      const os = parseRedhatStyleRelease(line);
      assert.equal(os?.family, family, line);
      assert.equal(os?.version, version, line);
    }
    assert.equal(parseRedhatStyleRelease('Something else entirely'), undefined);
  });

  it('parses lsb-release and alpine-release', () => {
    const lsb = parseLsbRelease('DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\nDISTRIB_CODENAME=jammy\nDISTRIB_DESCRIPTION="Ubuntu 22.04.4 LTS"\n');
    assert.deepEqual(lsb, { family: 'ubuntu', version: '22.04', name: 'Ubuntu 22.04.4 LTS', codename: 'jammy' });
    assert.deepEqual(parseAlpineRelease('3.19.1\n'), { family: 'alpine', version: '3.19.1' });
    assert.equal(parseAlpineRelease('garbage'), undefined);
  });

  it('wants only its own regular file, and warns on unreadable content', () => {
    assert.equal(osReleaseAnalyzer.wants('etc/os-release', fileInfo('etc/os-release')), true);
    assert.equal(osReleaseAnalyzer.wants('usr/lib/os-release', fileInfo('usr/lib/os-release')), true);
    assert.equal(osReleaseAnalyzer.wants('etc/os-release', fileInfo('etc/os-release', 'symlink')), false);
    assert.equal(osReleaseAnalyzer.wants('x/etc/os-release', fileInfo('x/etc/os-release')), false);
    const out = redhatReleaseAnalyzer.analyze({ path: 'etc/redhat-release', info: fileInfo('etc/redhat-release'), content: Buffer.from('\u0000\u0001binary'), truncated: false, layer }) as AnalyzerOutput;
    assert.equal(out.os, undefined);
    assert.match(out.warnings![0], /not recognised/);
  });
});

function osOut(path: string, os: Omit<OSInfo, 'location'>): AnalyzerOutput {
  return { os: { ...os, location: { path, layer } } };
}

function pkg(over: Partial<Package> & Pick<Package, 'type' | 'name' | 'version'>): Package {
  return { purl: '', licenses: [], locations: [{ path: 'var/lib/dpkg/status' }], foundBy: 'test', ...over };
}

describe('detectOS', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  it('lets os-release win over debian_version and lsb-release, whatever the order', () => {
    const outputs = [
      osOut('etc/debian_version', { family: 'debian', version: 'bookworm/sid' }),
      osOut('etc/lsb-release', { family: 'ubuntu', version: '22.04', codename: 'jammy' }),
      osOut('etc/os-release', { family: 'ubuntu', version: '22.04', name: 'Ubuntu 22.04.4 LTS' }),
    ];
    const os = detectOS(outputs, { now })!;
    assert.equal(os.family, 'ubuntu');
    assert.equal(os.version, '22.04');
    assert.equal(os.location?.path, 'etc/os-release');
    assert.equal(os.codename, 'jammy', 'codename filled from lsb-release of the same family');
  });

  it('prefers etc/os-release over usr/lib/os-release', () => {
    const os = detectOS([osOut('usr/lib/os-release', { family: 'debian', version: '11' }), osOut('etc/os-release', { family: 'debian', version: '12' })], { now })!;
    assert.equal(os.version, '12');
  });

  it('fills a missing VERSION_ID from debian_version on Debian testing', () => {
    const os = detectOS([osOut('etc/os-release', { family: 'debian', version: '', codename: 'trixie' }), osOut('etc/debian_version', { family: 'debian', version: 'trixie/sid' })], { now })!;
    assert.equal(os.version, 'trixie/sid');
    assert.equal(os.eol, undefined);
  });

  it('falls back to redhat-release when there is no os-release', () => {
    const os = detectOS([osOut('etc/redhat-release', { family: 'centos', version: '7.9.2009' })], { now })!;
    assert.equal(os.family, 'centos');
    assert.deepEqual(os.eol, { date: '2024-06-30', passed: true, source: 'https://endoflife.date/centos' });
  });

  it('detects distroless only with status.d packages present', () => {
    const osr = osOut('etc/os-release', { family: 'debian', version: '12', name: 'Distroless' });
    const statusD: AnalyzerOutput = { packages: [pkg({ type: 'deb', name: 'base-files', version: '12.4+deb12u5', locations: [{ path: 'var/lib/dpkg/status.d/base' }] })] };
    const withD = detectOS([osr, statusD], { now })!;
    assert.equal(withD.family, 'distroless');
    assert.equal(withD.eol?.date, '2028-06-30', 'Debian 12 dates apply');
    assert.equal(detectOS([osr], { now })!.family, 'debian');
  });

  it('computes eol.passed against the injected date', () => {
    const out = [osOut('etc/os-release', { family: 'alpine', version: '3.19.1' })];
    assert.equal(detectOS(out, { now: new Date('2025-10-31T23:00:00Z') })!.eol?.passed, false);
    assert.equal(detectOS(out, { now: new Date('2025-11-01T00:00:00Z') })!.eol?.passed, true);
  });

  it('returns undefined without any OS output', () => {
    assert.equal(detectOS([{ packages: [] }, {}]), undefined);
  });
});

describe('lookupEol', () => {
  it('drops trailing version components until a row matches', () => {
    assert.equal(lookupEol('alpine', '3.19.1')?.date, '2025-11-01');
    assert.equal(lookupEol('rhel', '9.4')?.date, '2032-05-31');
    assert.equal(lookupEol('amzn', '2023.3.20240131')?.date, '2029-06-30');
    assert.equal(lookupEol('debian', '12.11')?.date, '2028-06-30');
    assert.equal(lookupEol('alpine', '3.190'), undefined, '3.190 is not 3.19');
    assert.equal(lookupEol('wolfi', '20230201'), undefined, 'rolling release');
  });

  it('has a dated table with well-formed dates and a source for every family', () => {
    assert.match(OS_EOL_TABLE.updated, /^\d{4}-\d{2}-\d{2}$/);
    for (const [fam, row] of Object.entries(OS_EOL_TABLE.families)) {
      assert.match(row.source, /^https:\/\//, fam);
      for (const [v, e] of Object.entries(row.versions)) assert.ok(!Number.isNaN(Date.parse(e.eol)) && /^\d{4}-\d{2}-\d{2}$/.test(e.eol), `${fam} ${v}`);
    }
  });
});

describe('finalizeOsPackages', () => {
  const deb = pkg({ type: 'deb', name: 'openssl', version: '3.0.15-1~deb12u1', arch: 'amd64' });
  const rpm = pkg({ type: 'rpm', name: 'openssl-libs', version: '3.0.7-27.el9', arch: 'x86_64', epoch: 1 });
  const apk = pkg({ type: 'apk', name: 'musl', version: '1.2.4-r2', arch: 'x86_64' });
  const npm = pkg({ type: 'npm', name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0' });

  it('sets namespace and distro for Debian, Ubuntu and distroless', () => {
    assert.equal(finalizeOsPackages([deb], { family: 'debian', version: '12' })[0].purl, 'pkg:deb/debian/openssl@3.0.15-1~deb12u1?arch=amd64&distro=debian-12');
    assert.equal(finalizeOsPackages([deb], { family: 'ubuntu', version: '22.04' })[0].purl, 'pkg:deb/ubuntu/openssl@3.0.15-1~deb12u1?arch=amd64&distro=ubuntu-22.04');
    const dl = finalizeOsPackages([deb], { family: 'distroless', version: '12' })[0];
    assert.equal(dl.purl, 'pkg:deb/debian/openssl@3.0.15-1~deb12u1?arch=amd64&distro=debian-12');
    assert.equal(dl.namespace, 'debian');
    // A point release from debian_version still gives the per-release qualifier.
    assert.equal(distroQualifier('debian', '12.11'), 'debian-12');
  });

  it('sets rpm namespace by family with the epoch, and apk for alpine and wolfi', () => {
    assert.equal(finalizeOsPackages([rpm], { family: 'rhel', version: '9.4' })[0].purl, 'pkg:rpm/redhat/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rhel-9.4&epoch=1');
    assert.equal(finalizeOsPackages([rpm], { family: 'amzn', version: '2023' })[0].purl, 'pkg:rpm/amazon/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=amzn-2023&epoch=1');
    assert.equal(finalizeOsPackages([rpm], { family: 'opensuse-leap', version: '15.5' })[0].purl.startsWith('pkg:rpm/opensuse/'), true);
    assert.equal(finalizeOsPackages([apk], { family: 'alpine', version: '3.19.1' })[0].purl, 'pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.19.1');
    assert.equal(finalizeOsPackages([apk], { family: 'wolfi', version: '20230201' })[0].purl, 'pkg:apk/wolfi/musl@1.2.4-r2?arch=x86_64&distro=wolfi-20230201');
  });

  it('leaves language packages alone and does not mutate its input', () => {
    const [d, n] = finalizeOsPackages([deb, npm], { family: 'ubuntu', version: '22.04' });
    assert.equal(n, npm);
    assert.equal(deb.purl, '');
    assert.notEqual(d, deb);
  });

  it('omits epoch 0 and the distro qualifier when no OS is known', () => {
    assert.equal(finalizeOsPackages([{ ...rpm, epoch: 0 }], undefined)[0].purl, 'pkg:rpm/openssl-libs@3.0.7-27.el9?arch=x86_64');
  });
});
