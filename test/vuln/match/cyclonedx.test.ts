import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildCycloneDx } from '../../../src/sbom/cyclonedx.js';
import { buildCdxVulnerabilities, type CdxVulnerabilityWithAnalysis } from '../../../src/vuln/match/cyclonedx.js';
import { matchPackages } from '../../../src/vuln/match/match.js';
import { toFindings } from '../../../src/vuln/match/findings.js';
import { applyVex, parseVex } from '../../../src/vuln/vex/index.js';
import { pkg as sbomPkg, imageInput } from '../../sbom/fixtures.js';
import { assertValid, cyclonedxValidator } from '../../sbom/schemas.js';
import { loadRecords, memoryStore, testCompare } from './helpers.js';

const deps = { advisoriesFor: memoryStore(loadRecords()), compare: testCompare };

test('vulnerabilities section: ids, ratings, affects by bom-ref, recommendation, VEX analysis; schema-valid', () => {
  const packages = [
    sbomPkg({ type: 'deb', name: 'libnss3', version: '2:3.87.1-1', purlNamespace: 'debian', qualifiers: { arch: 'amd64', distro: 'debian-12' }, path: 'var/lib/dpkg/status', layer: 0, source: { name: 'nss', version: '2:3.87.1-1' }, arch: 'amd64', foundBy: 'dpkg' }),
    sbomPkg({ type: 'npm', name: 'handlebars', version: '3.0.0', path: 'app/node_modules/handlebars/package.json', layer: 2 }),
    sbomPkg({ type: 'npm', name: 'handlebars', version: '3.0.0', path: 'app/node_modules/x/node_modules/handlebars/package.json', layer: 2 }),
    sbomPkg({ type: 'cargo', name: 'linea', version: '0.9.4', path: 'usr/local/bin/app', layer: 2 }),
  ];
  const input = imageInput({ packages });
  let findings = toFindings(matchPackages(packages, input.os, deps).matches);
  const vex = parseVex(
    JSON.stringify({
      '@context': 'https://openvex.dev/ns/v0.2.0',
      statements: [{ vulnerability: { name: 'CVE-2024-6602' }, products: [{ '@id': 'pkg:deb/debian/libnss3' }], status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path', impact_statement: 'no TLS' }],
    }),
    'app.openvex.json',
  );
  findings = applyVex(findings, [vex]);
  const bom = buildCycloneDx(input, { vulnerabilities: { findings, build: buildCdxVulnerabilities } });
  assertValid(cyclonedxValidator(), bom);
  const vulns = bom.vulnerabilities as CdxVulnerabilityWithAnalysis[];
  assert.deepEqual(vulns.map((v) => v.id).sort(), ['CVE-2015-8861', 'CVE-2019-16880', 'DSA-5807-1']);

  const hb = vulns.find((v) => v.id === 'CVE-2015-8861')!;
  assert.equal(hb.affects.length, 2, 'both copies of handlebars');
  const refs = new Set(bom.components.map((c) => c['bom-ref']));
  assert.ok(hb.affects.every((a) => refs.has(a.ref)));
  assert.deepEqual(hb.source, { name: 'NVD', url: 'https://nvd.nist.gov/vuln/detail/CVE-2015-8861' });
  assert.deepEqual(hb.references?.map((r) => r.id), ['GHSA-9prh-257w-9277', 'x_NSWG-ECO-61']);
  assert.ok(hb.ratings?.some((r) => r.method === 'CVSSv3' && r.score === 5.3 && r.severity === 'medium' && r.vector === 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N'));
  assert.match(hb.recommendation ?? '', /Upgrade handlebars to 4\.0\.0/);

  const linea = vulns.find((v) => v.id === 'CVE-2019-16880')!;
  assert.deepEqual(linea.references?.map((r) => r.id), ['GHSA-j52m-489x-v634', 'RUSTSEC-2019-0021']);
  assert.ok(linea.ratings?.some((r) => r.method === 'CVSSv31' && r.score === 9.8 && r.severity === 'critical'));
  assert.match(linea.recommendation ?? '', /No fixed version/);

  const nss = vulns.find((v) => v.id === 'DSA-5807-1')!;
  assert.deepEqual(nss.analysis, { state: 'not_affected', justification: 'code_not_reachable', detail: 'no TLS (VEX: app.openvex.json)' });
  assert.deepEqual(nss.ratings, [{ severity: 'unknown', method: 'other' }]);
  assert.match(nss.published ?? '', /^\d{4}-\d\d-\d\dT/);
  assert.ok(nss.advisories?.some((a) => a.url.includes('dsa-5807')));
});
