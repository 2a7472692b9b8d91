// RHEL / UBI packages against records shaped as OSV publishes Red Hat's advisories: filed per
// product and repository (`Red Hat:enterprise_linux:9::baseos`), naming binary RPMs, with epochs in
// the fixed versions. No Red Hat dump is in the local mirror, so the records are written here;
// the matching goes through the real import, store and rpm comparator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importOsv } from '../../../src/vuln/db/import.js';
import { openVulnDb } from '../../../src/vuln/db/store.js';
import { ecosystemFor, lookupKeysFor, versionFor } from '../../../src/vuln/match/ecosystem.js';
import { matchPackages, sameEcosystem } from '../../../src/vuln/match/match.js';
import { cachedComparator, schemeForEcosystem } from '../../../src/vuln/version/index.js';
import type { OSInfo } from '../../../src/sbom/package.js';
import { memoryStore, pkg } from './helpers.js';
import { tmp } from '../db/helpers.js';

const range = (fixed: string) => [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }];
const affected = (ecosystem: string, name: string, fixed: string) => ({ package: { ecosystem, name }, ranges: range(fixed) });

const RECORDS = [
  {
    id: 'RHSA-TEST:0001',
    modified: '2024-01-01T00:00:00Z',
    upstream: ['CVE-2023-0001'],
    affected: [
      affected('Red Hat:enterprise_linux:9::baseos', 'openssl-libs', '1:3.0.7-27.el9'),
      affected('Red Hat:enterprise_linux:9::baseos', 'openssl', '1:3.0.7-27.el9'),
      affected('Red Hat:enterprise_linux:8::baseos', 'openssl-libs', '1:1.1.1k-12.el8_9'),
    ],
  },
  // An extended-support stream of 9.2: not what a UBI 9 image installs from.
  { id: 'RHSA-TEST:0002', modified: '2024-01-01T00:00:00Z', affected: [affected('Red Hat:enterprise_linux_eus:9.2::baseos', 'openssl-libs', '1:3.0.7-99.el9_2')] },
  { id: 'RHSA-TEST:0003', modified: '2024-01-01T00:00:00Z', affected: [affected('Red Hat:enterprise_linux:9::appstream', 'nodejs', '1:20.15.1-1.module+el9.4.0+21871+e6a4bc1b')] },
];

function matchOn(os: OSInfo, packages: ReturnType<typeof pkg>[]): Array<[string, string, string[]]> {
  const dir = tmp('ls-redhat-');
  try {
    const input = join(dir, 'osv');
    mkdirSync(input);
    for (const r of RECORDS) writeFileSync(join(input, `${r.id.replace(':', '-')}.json`), JSON.stringify(r));
    const dbPath = join(dir, 'db', 'vuln.db');
    importOsv(input, { dbPath });
    const db = openVulnDb(dbPath);
    try {
      const cmp = cachedComparator();
      const { matches } = matchPackages(packages, os, {
        advisoriesFor: (e, n) => db.advisoriesFor(e, n),
        compare: (e, a, b) => cmp(schemeForEcosystem(e), a, b),
      });
      return matches.map((m): [string, string, string[]] => [m.package.name, m.recordIds.join(','), m.fixedVersions]).sort();
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const opensslLibs = (version: string, epoch = 1) => pkg({ type: 'rpm', name: 'openssl-libs', version, epoch, source: { name: 'openssl', version } });

test('Red Hat: looked up by binary name under enterprise_linux:<major>, every repository, epoch kept', () => {
  const ubi9: OSInfo = { family: 'rhel', version: '9.4' };
  assert.deepEqual(ecosystemFor(opensslLibs('3.0.7-24.el9'), ubi9), { ecosystem: 'Red Hat:enterprise_linux:9', name: 'openssl-libs' });
  assert.deepEqual(
    matchOn(ubi9, [opensslLibs('3.0.7-24.el9'), pkg({ type: 'rpm', name: 'nodejs', version: '20.12.2-2.module+el9.4.0+21731+46b5c8a7', epoch: 1 })]),
    [
      ['nodejs', 'RHSA-TEST:0003', ['1:20.15.1-1.module+el9.4.0+21871+e6a4bc1b']],
      ['openssl-libs', 'RHSA-TEST:0001', ['1:3.0.7-27.el9']],
    ].sort(),
  );
  assert.deepEqual(matchOn(ubi9, [opensslLibs('3.0.7-27.el9')]), [], 'fixed version installed: nothing, and the EUS stream is not applied');
  assert.deepEqual(matchOn({ family: 'rhel', version: '8.9' }, [opensslLibs('1.1.1k-7.el8_6')]), [['openssl-libs', 'RHSA-TEST:0001', ['1:1.1.1k-12.el8_9']]]);
});

test('Red Hat ecosystem selection and rpm versions', () => {
  assert.ok(sameEcosystem('Red Hat:enterprise_linux:9', 'Red Hat:enterprise_linux:9::appstream'));
  assert.ok(sameEcosystem('Red Hat:enterprise_linux:9', 'Red Hat:enterprise_linux:9'));
  assert.ok(!sameEcosystem('Red Hat:enterprise_linux:9', 'Red Hat:enterprise_linux:90::baseos'));
  assert.ok(!sameEcosystem('Red Hat:enterprise_linux:9', 'Red Hat:enterprise_linux_eus:9.2::baseos'));
  assert.ok(!sameEcosystem('Red Hat:enterprise_linux:9', 'Red Hat:rhel_aus:9.2::baseos'));
  // The source RPM's file name has no epoch: an rpm compares its own full EVR.
  assert.equal(versionFor(opensslLibs('3.0.7-24.el9')), '1:3.0.7-24.el9');
  assert.equal(versionFor(opensslLibs('3.0.7-24.el9', 0)), '3.0.7-24.el9');
  // Debian keeps comparing the source version (binNMUs).
  assert.equal(versionFor(pkg({ type: 'deb', name: 'libc6', version: '2.36-9+deb12u4+b1', source: { name: 'glibc', version: '2.36-9+deb12u4' } })), '2.36-9+deb12u4');
});

test('Rocky/Alma: an rpm is looked up by its source and its binary name; a record naming both counts once', () => {
  const rocky: OSInfo = { family: 'rocky', version: '9.3' };
  const rec = (id: string, names: string[]) => ({
    id,
    modified: '2024-01-01T00:00:00Z',
    affected: names.map((n) => affected('Rocky Linux:9', n, '1:3.0.7-27.el9')),
  });
  const records = [rec('RLSA-SRC', ['openssl']), rec('RLSA-BIN', ['openssl-libs']), rec('RLSA-BOTH', ['openssl', 'openssl-libs']), rec('RLSA-OTHER', ['openssl-devel'])];
  const store = memoryStore(records as unknown as Parameters<typeof memoryStore>[0]);
  let asked = 0;
  const cmp = cachedComparator();
  const deps = {
    advisoriesFor: (e: string, n: string) => {
      asked++;
      return store(e, n);
    },
    compare: (e: string, a: string, b: string) => cmp(schemeForEcosystem(e), a, b),
  };
  assert.deepEqual(lookupKeysFor(opensslLibs('3.0.7-24.el9'), rocky), [
    { ecosystem: 'Rocky Linux:9', name: 'openssl' },
    { ecosystem: 'Rocky Linux:9', name: 'openssl-libs' },
  ]);
  const { matches } = matchPackages([opensslLibs('3.0.7-24.el9')], rocky, deps);
  assert.equal(asked, 2);
  const found = matches.flatMap((m) => m.recordIds).sort();
  assert.deepEqual(found, ['RLSA-BIN', 'RLSA-BOTH', 'RLSA-SRC']);
  assert.ok(matches.every((m) => m.fixedVersions.join() === '1:3.0.7-27.el9'));
  const both = matches.find((m) => m.recordIds.includes('RLSA-BOTH'))!;
  assert.equal(both.recordIds.filter((r) => r === 'RLSA-BOTH').length, 1);
  assert.deepEqual(matchPackages([opensslLibs('3.0.7-27.el9')], rocky, deps).matches, [], 'fixed: nothing');
  // A package whose binary is its source asks once.
  assert.equal(lookupKeysFor(pkg({ type: 'rpm', name: 'bash', version: '5.1.8-6.el9', source: { name: 'bash', version: '5.1.8-6.el9' } }), rocky).length, 1);
});
