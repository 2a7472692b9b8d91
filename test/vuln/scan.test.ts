/**
 * The whole vulnerability path: OSV records imported into the SQLite store by `importOsv`, then
 * matched with the real version comparators. Records come from the repo's sample of real data
 * (test/fixtures/vulndb, copied from shared/vulndb).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importOsv } from '../../src/vuln/db/import.js';
import { resolveCacheDir, vulnDbPath } from '../../src/vuln/db/store.js';
import { scanVulnerabilities } from '../../src/vuln/scan.js';
import { buildPurl } from '../../src/sbom/purl.js';
import type { Package } from '../../src/sbom/package.js';
import { REPO_ROOT } from '../helpers/repo.js';

const SAMPLE = join(REPO_ROOT, 'test', 'fixtures', 'vulndb', 'PyPI');

function pypi(name: string, version: string): Package {
  return { type: 'pypi', name, version, purl: buildPurl({ type: 'pypi', name, version }), licenses: [], locations: [{ path: `usr/lib/python3/site-packages/${name}-${version}.dist-info/METADATA` }], foundBy: 'test' };
}

test('no database: nothing is reported as clean; the status and a warning say vulnerabilities were not scanned', () => {
  const cache = mkdtempSync(join(tmpdir(), 'ls-novuln-'));
  try {
    const r = scanVulnerabilities([pypi('django', '1.0')], undefined, { cacheDir: cache });
    assert.equal(r.status.state, 'no-database');
    assert.equal(r.findings.length, 0);
    assert.match(r.warnings[0]!, /NOT scanned.*leftshift db update/);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

test('imported real PyPI advisories match by PEP 440 ranges, PEP 503 names; fixed versions, unfixed filter, VEX', () => {
  const cache = mkdtempSync(join(tmpdir(), 'ls-vuln-'));
  try {
    importOsv(SAMPLE, { dbPath: vulnDbPath(resolveCacheDir(cache)) });
    // PYSEC-2009-4: django introduced 1.0, fixed 1.0.4; introduced 1.1, fixed 1.1.1.
    const affected = scanVulnerabilities([pypi('Django', '1.0.3')], undefined, { cacheDir: cache });
    assert.equal(affected.status.state, 'scanned');
    const ids = affected.findings.map((f) => f.ruleId);
    assert.ok(ids.includes('CVE-2009-3695'), ids.join(','));
    const f = affected.findings.find((x) => x.ruleId === 'CVE-2009-3695')!;
    assert.ok(f.aliases.includes('PYSEC-2009-4'));
    assert.match(f.remediation, /1\.0\.4/);
    assert.equal(f.location.package?.name, 'Django');
    const between = scanVulnerabilities([pypi('django', '1.0.4')], undefined, { cacheDir: cache });
    assert.ok(!between.findings.some((x) => x.ruleId === 'CVE-2009-3695'), '1.0.4 is the fix of the 1.0 branch');
    const second = scanVulnerabilities([pypi('django', '1.1')], undefined, { cacheDir: cache });
    assert.ok(second.findings.some((x) => x.ruleId === 'CVE-2009-3695'), '1.1 is affected again (second range)');
    const vex = join(cache, 'vex.json');
    writeFileSync(vex, JSON.stringify({
      '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://example.com/vex/1', author: 'test', timestamp: '2026-01-01T00:00:00Z', version: 1,
      statements: [{ vulnerability: { name: 'CVE-2009-3695' }, products: [{ '@id': 'pkg:pypi/django@1.0.3' }], status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' }],
    }));
    const vexed = scanVulnerabilities([pypi('django', '1.0.3')], undefined, { cacheDir: cache, vexFiles: [vex] });
    const s = vexed.findings.find((x) => x.ruleId === 'CVE-2009-3695')!;
    assert.equal(s.suppressed?.by, 'vex');
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});
