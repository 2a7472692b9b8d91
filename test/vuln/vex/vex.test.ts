import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../../src/errors.js';
import { applyVex, parseVex, purlCovers } from '../../../src/vuln/vex/index.js';
import { matchPackages } from '../../../src/vuln/match/match.js';
import { toFindings } from '../../../src/vuln/match/findings.js';
import { loadRecords, memoryStore, pkg, testCompare } from '../match/helpers.js';

const deps = { advisoriesFor: memoryStore(loadRecords()), compare: testCompare };
const nssPurl = 'pkg:deb/debian/libnss3@2:3.87.1-1?arch=amd64&distro=debian-12';
const hbPurl = 'pkg:npm/handlebars@3.0.0';
const findings = toFindings(
  matchPackages(
    [
      pkg({ type: 'deb', name: 'libnss3', version: '2:3.87.1-1', source: { name: 'nss', version: '2:3.87.1-1' }, purl: nssPurl }),
      pkg({ type: 'npm', name: 'handlebars', version: '3.0.0', purl: hbPurl }),
    ],
    { family: 'debian', version: '12' },
    deps,
  ).matches,
);
const byRule = (list: typeof findings, id: string) => list.find((f) => f.ruleId === id)!;

test('purl coverage: qualifiers ignored when the VEX purl has none; version-less covers all versions', () => {
  assert.ok(purlCovers('pkg:deb/debian/libnss3@2:3.87.1-1', nssPurl));
  assert.ok(purlCovers('pkg:deb/debian/libnss3', nssPurl));
  assert.ok(purlCovers('pkg:deb/debian/libnss3@2:3.87.1-1?arch=amd64', nssPurl));
  assert.ok(!purlCovers('pkg:deb/debian/libnss3@2:3.87.1-1?arch=arm64', nssPurl));
  assert.ok(!purlCovers('pkg:deb/debian/libnss3@2:3.87.1-2', nssPurl));
  assert.ok(!purlCovers('pkg:deb/ubuntu/libnss3', nssPurl));
});

test('OpenVEX v0.2.0: a statement about one of the DSA\'s CVEs suppresses the DSA finding', () => {
  const doc = parseVex(
    JSON.stringify({
      '@context': 'https://openvex.dev/ns/v0.2.0',
      '@id': 'https://example.com/vex/1',
      author: 'Example',
      timestamp: '2024-06-01T00:00:00Z',
      version: 1,
      statements: [
        {
          vulnerability: { name: 'CVE-2024-0743' },
          products: [{ '@id': 'pkg:oci/app@sha256:abc', subcomponents: [{ '@id': 'pkg:deb/debian/libnss3@2:3.87.1-1' }] }],
          status: 'not_affected',
          justification: 'vulnerable_code_not_in_execute_path',
          impact_statement: 'TLS is terminated elsewhere',
        },
        { vulnerability: { name: 'GHSA-9prh-257w-9277' }, products: [{ '@id': 'pkg:npm/handlebars@3.0.0' }], status: 'under_investigation' },
      ],
    }),
    'vex.openvex.json',
  );
  assert.equal(doc.format, 'openvex');
  const out = applyVex(findings, [doc]);
  assert.deepEqual(byRule(out, 'DSA-5807-1').suppressed, {
    by: 'vex',
    reason: 'not_affected: vulnerable_code_not_in_execute_path: TLS is terminated elsewhere',
    source: 'vex.openvex.json',
  });
  assert.equal(byRule(out, 'CVE-2015-8861').suppressed, undefined);
});

test('OpenVEX: the latest statement wins; the image as product covers its packages; v0.0.x string shapes', () => {
  const doc = parseVex(
    JSON.stringify({
      '@context': 'https://openvex.dev/ns',
      statements: [
        { vulnerability: 'CVE-2015-8861', products: ['pkg:oci/app'], status: 'fixed', timestamp: '2024-01-01T00:00:00Z' },
        { vulnerability: 'CVE-2024-6602', products: ['pkg:deb/debian/libnss3'], status: 'not_affected', justification: 'component_not_present', timestamp: '2024-01-01T00:00:00Z' },
        { vulnerability: 'CVE-2024-6602', products: ['pkg:deb/debian/libnss3'], status: 'affected', timestamp: '2024-02-01T00:00:00Z' },
      ],
    }),
    'old.json',
  );
  const out = applyVex(findings, [doc], { subjectPurls: ['pkg:oci/app@sha256:abc?repository_url=ghcr.io/x/app'] });
  assert.equal(byRule(out, 'CVE-2015-8861').suppressed?.reason, 'fixed');
  assert.equal(byRule(out, 'DSA-5807-1').suppressed, undefined);
});

test('CycloneDX VEX: analysis state and affects by bom-ref, BOM-Link and purl', () => {
  const doc = parseVex(
    JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      version: 1,
      components: [{ type: 'library', 'bom-ref': 'hb', name: 'handlebars', version: '3.0.0', purl: 'pkg:npm/handlebars@3.0.0' }],
      vulnerabilities: [
        { id: 'CVE-2015-8861', analysis: { state: 'false_positive', detail: 'templates are trusted' }, affects: [{ ref: 'hb' }] },
        { id: 'CVE-2024-6609', analysis: { state: 'resolved' }, affects: [{ ref: `urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#${encodeURIComponent('pkg:deb/debian/libnss3@2:3.87.1-1')}` }] },
        { id: 'CVE-2099-0001', analysis: { state: 'exploitable' }, affects: [{ ref: hbPurl }] },
      ],
    }),
    'bom.vex.json',
  );
  assert.equal(doc.format, 'cyclonedx');
  const out = applyVex(findings, [doc]);
  assert.deepEqual(byRule(out, 'CVE-2015-8861').suppressed, { by: 'vex', reason: 'false_positive: templates are trusted', source: 'bom.vex.json' });
  assert.equal(byRule(out, 'DSA-5807-1').suppressed?.reason, 'resolved');
});

test('malformed VEX gives a clear InputError', () => {
  const bad = (text: string, re: RegExp) => assert.throws(() => parseVex(text, 'x.json'), (e: unknown) => e instanceof InputError && re.test(e.message));
  bad('{', /not JSON/);
  bad('[]', /top level/);
  bad('{"foo":1}', /neither OpenVEX/);
  bad(JSON.stringify({ '@context': 'https://openvex.dev/ns/v0.2.0', statements: [{ vulnerability: { name: 'CVE-1' }, products: [{ '@id': 'pkg:npm/x' }], status: 'maybe' }] }), /status "maybe"/);
  bad(JSON.stringify({ '@context': 'https://openvex.dev/ns/v0.2.0', statements: [{ vulnerability: { name: 'CVE-1' }, status: 'fixed' }] }), /no products/);
  bad(JSON.stringify({ bomFormat: 'CycloneDX', vulnerabilities: [{ id: 'CVE-1', analysis: { state: 'bogus' }, affects: [{ ref: 'x' }] }] }), /impact analysis state/);
  bad(JSON.stringify({ bomFormat: 'CycloneDX', components: [] }), /without a vulnerabilities/);
});
