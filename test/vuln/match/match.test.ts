import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ecosystemFor, osEcosystem } from '../../../src/vuln/match/ecosystem.js';
import { matchPackages, primaryId } from '../../../src/vuln/match/match.js';
import { filterVulnFindings, toFindings, vulnDetails } from '../../../src/vuln/match/findings.js';
import type { OSInfo } from '../../../src/sbom/package.js';
import { loadRecords, memoryStore, pkg, testCompare } from './helpers.js';

const records = loadRecords();
const deps = { advisoriesFor: memoryStore(records), compare: testCompare };
const debian12: OSInfo = { family: 'debian', version: '12.7' };

test('ecosystemFor: distro packages by source name and release; language packages by registry name', () => {
  assert.deepEqual(ecosystemFor(pkg({ type: 'deb', name: 'libnss3', version: '2:3.87.1-1', source: { name: 'nss' } }), debian12), { ecosystem: 'Debian:12', name: 'nss' });
  assert.equal(ecosystemFor(pkg({ type: 'deb', name: 'x', version: '1' })), undefined);
  assert.equal(osEcosystem({ family: 'alpine', version: '3.20.3' }), 'Alpine:v3.20');
  assert.equal(osEcosystem({ family: 'ubuntu', version: '22.04' }), 'Ubuntu:22.04');
  assert.equal(osEcosystem({ family: 'distroless', version: '12' }), 'Debian:12');
  assert.equal(osEcosystem({ family: 'rocky', version: '9.4' }), 'Rocky Linux:9');
  assert.equal(osEcosystem({ family: 'wolfi', version: '20230201' }), 'Wolfi');
  assert.deepEqual(ecosystemFor(pkg({ type: 'pypi', name: 'Zope.Interface', version: '1' })), { ecosystem: 'PyPI', name: 'zope-interface' });
  assert.deepEqual(ecosystemFor(pkg({ type: 'npm', name: 'core', namespace: '@babel', version: '1' })), { ecosystem: 'npm', name: '@babel/core' });
  assert.deepEqual(ecosystemFor(pkg({ type: 'maven', name: 'log4j-core', namespace: 'org.apache.logging.log4j', version: '1' })), { ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core' });
  assert.deepEqual(ecosystemFor(pkg({ type: 'golang', name: 'github.com/x/y', version: 'v1.0.0' })), { ecosystem: 'Go', name: 'github.com/x/y' });
  assert.deepEqual(ecosystemFor(pkg({ type: 'cargo', name: 'linea', version: '1' })), { ecosystem: 'crates.io', name: 'linea' });
  assert.deepEqual(ecosystemFor(pkg({ type: 'composer', name: 'Laravel/Framework', version: '1' })), { ecosystem: 'Packagist', name: 'laravel/framework' });
});

test('PYSEC pair sharing CVE/GHSA aliases merges into one match under the CVE', () => {
  const { matches } = matchPackages([pkg({ type: 'pypi', name: 'Distributed', version: '2021.9.1' })], undefined, deps);
  assert.equal(matches.length, 1);
  const m = matches[0];
  assert.equal(m.id, 'CVE-2021-42343');
  assert.deepEqual(m.recordIds, ['PYSEC-2021-871', 'PYSEC-2021-872']);
  for (const id of ['PYSEC-2021-871', 'PYSEC-2021-872', 'GHSA-hwqr-f3v9-hwxr', 'GHSA-j8fq-86c5-5v2r']) assert.ok(m.aliases.includes(id), id);
  assert.deepEqual(m.fixedVersions, ['2021.10.0']);
  assert.equal(matchPackages([pkg({ type: 'pypi', name: 'distributed', version: '2021.10.0' })], undefined, deps).matches.length, 0);
});

test('GHSA + NSWG records of one CVE merge; the CVSS v3 vector wins over the database word', () => {
  const { matches } = matchPackages([pkg({ type: 'npm', name: 'handlebars', version: '3.0.0' })], undefined, deps);
  assert.equal(matches.length, 1);
  const m = matches[0];
  assert.equal(m.id, 'CVE-2015-8861');
  assert.deepEqual(m.aliases, ['GHSA-9prh-257w-9277', 'x_NSWG-ECO-61']);
  assert.equal(m.severitySource, 'cvss');
  assert.equal(m.vector, 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N');
  assert.equal(m.score, 5.3);
  assert.equal(m.severity, 'MEDIUM');
  assert.deepEqual(m.fixedVersions, ['4.0.0']);
});

test('Debian DSA: source-package match, CVEs from upstream as aliases, DSA id when several CVEs', () => {
  const libnss = pkg({ type: 'deb', name: 'libnss3', version: '2:3.87.1-1', source: { name: 'nss', version: '2:3.87.1-1' }, purl: 'pkg:deb/debian/libnss3@2:3.87.1-1?distro=debian-12' });
  const { matches } = matchPackages([libnss], debian12, deps);
  assert.equal(matches.length, 1);
  const m = matches[0];
  assert.equal(m.id, 'DSA-5807-1');
  assert.deepEqual(m.aliases, ['CVE-2024-0743', 'CVE-2024-6602', 'CVE-2024-6609']);
  assert.deepEqual(m.fixedVersions, ['2:3.87.1-1+deb12u1']);
  assert.equal(m.severity, 'UNKNOWN');
  assert.equal(m.package.sourceName, 'nss');
  const fixed = { ...libnss, version: '2:3.87.1-1+deb12u1', source: { name: 'nss', version: '2:3.87.1-1+deb12u1' } };
  assert.equal(matchPackages([fixed], debian12, deps).matches.length, 0);
});

test('a DSA with one CVE is reported under the CVE; the release decides between DSA and DLA', () => {
  const cups = (v: string) => pkg({ type: 'deb', name: 'libcups2', version: v, source: { name: 'cups', version: v } });
  const on12 = matchPackages([cups('2.4.2-3+deb12u7')], debian12, deps).matches;
  assert.equal(on12.length, 1);
  assert.equal(on12[0].id, 'CVE-2024-47175');
  assert.deepEqual(on12[0].aliases, ['DSA-5779-1']);
  const on11 = matchPackages([cups('2.3.3op2-3+deb11u8')], { family: 'debian', version: '11' }, deps).matches;
  assert.deepEqual(on11.map((m) => m.aliases), [['DLA-3904-1']]);
});

test('withdrawn records are skipped', () => {
  assert.equal(matchPackages([pkg({ type: 'pypi', name: 'pynetbox', version: '1.0' })], undefined, deps).matches.length, 0);
});

test('a version the comparator cannot read is reported as unevaluated', () => {
  const r = matchPackages([pkg({ type: 'pypi', name: 'distributed', version: '2021.9.1.dev0+weird' })], undefined, deps);
  assert.equal(r.matches.length, 0);
  assert.deepEqual(r.unevaluated.map((u) => u.recordId).sort(), ['PYSEC-2021-871', 'PYSEC-2021-872']);
});

test('primary id rules', () => {
  assert.equal(primaryId(['GHSA-aaaa-bbbb-cccc'], ['GHSA-aaaa-bbbb-cccc']), 'GHSA-aaaa-bbbb-cccc');
  assert.equal(primaryId(['x_RUBYSEC-a', 'RUSTSEC-2020-1'], ['x_RUBYSEC-a', 'RUSTSEC-2020-1', 'CVE-2020-1', 'CVE-2020-2']), 'RUSTSEC-2020-1');
});

test('findings: one per package (other locations in details), ruleId = primary id, aliases, remediation; filters', () => {
  const p = pkg({ type: 'npm', name: 'handlebars', version: '3.0.0', locations: [{ path: 'a/package.json', layer: { diffID: 'sha256:aa', index: 1 } }, { path: 'b/package.json' }] });
  const libnss = pkg({ type: 'deb', name: 'libnss3', version: '2:3.87.1-1', source: { name: 'nss', version: '2:3.87.1-1' } });
  const { matches } = matchPackages([p, libnss], debian12, deps);
  const findings = toFindings(matches);
  assert.equal(findings.length, 2);
  const f = findings[0];
  assert.deepEqual((f.details?.vulnerability as { otherLocations?: string[] }).otherLocations, ['b/package.json']);
  assert.equal(f.ruleId, 'CVE-2015-8861');
  assert.equal(f.kind, 'vulnerability');
  assert.equal(f.severity, 'MEDIUM');
  assert.deepEqual(f.location.layer, { diffID: 'sha256:aa', index: 1 });
  assert.deepEqual(f.location.package, { name: 'handlebars', version: '3.0.0', purl: p.purl });
  assert.match(f.remediation, /Upgrade handlebars to 4\.0\.0/);
  assert.equal(vulnDetails(f)?.fixedVersions[0], '4.0.0');
  const nss = findings.find((x) => x.ruleId === 'DSA-5807-1')!;
  assert.equal(nss.severity, 'MEDIUM');
  assert.equal(vulnDetails(nss)?.severity, 'UNKNOWN');
  assert.equal(toFindings(matches, { unknownSeverity: 'LOW' }).find((x) => x.ruleId === 'DSA-5807-1')!.severity, 'LOW');
  assert.equal(filterVulnFindings(findings, { minSeverity: 'HIGH' }).length, 0);
  const unfixed = toFindings([{ ...matches[0], fixedVersions: [] }]);
  assert.equal(filterVulnFindings(unfixed, { ignoreUnfixed: true }).length, 0);
  assert.match(unfixed[0].message, /no fix available/);
});

test('a RustSec informational (unsound) advisory without a rating becomes an INFO finding', () => {
  const { matches } = matchPackages([pkg({ type: 'cargo', name: 'tokio', version: '1.18.0' })], undefined, deps);
  const m = matches.find((x) => x.recordIds.includes('RUSTSEC-2023-0005'))!;
  assert.equal(m.informational, 'unsound');
  assert.equal(m.severity, 'UNKNOWN');
  const [f] = toFindings([m]);
  assert.equal(f.severity, 'INFO');
  assert.equal(vulnDetails(f)?.informational, 'unsound');
});

test('Go standard library: a stdlib package per binary, matched against the Go vulndb stdlib record', async () => {
  const { goStdlibPackages, goToolchainSemver } = await import('../../../src/vuln/match/go-stdlib.js');
  assert.equal(goToolchainSemver('go1.16'), 'v1.16.0');
  assert.equal(goToolchainSemver('go1.21rc2'), 'v1.21.0-rc.2');
  assert.equal(goToolchainSemver('go1.22.1 X:boringcrypto'), 'v1.22.1');
  assert.equal(goToolchainSemver('devel +abc'), undefined);
  const mod = (name: string) => pkg({ type: 'golang', name, version: 'v1.0.0', foundBy: 'go-binary', metadata: { goVersion: 'go1.16' }, locations: [{ path: 'usr/bin/app' }] });
  const std = goStdlibPackages([mod('github.com/a/b'), mod('github.com/c/d')]);
  assert.equal(std.length, 1);
  assert.equal(std[0].purl, 'pkg:golang/stdlib@v1.16.0');
  const { matches } = matchPackages(std, undefined, deps);
  assert.deepEqual(matches.map((m) => [m.id, m.fixedVersions]), [['CVE-2021-27919', ['1.16.1']]]);
});

test('SEMVER ranges fall back to the ecosystem comparator for versions that are not strict SemVer', () => {
  const { matches } = matchPackages([pkg({ type: 'npm', name: 'handlebars', version: '3.0' })], undefined, deps);
  assert.equal(matches.length, 1);
});
