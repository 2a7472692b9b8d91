import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getSbomFormat } from '../../src/sbom/index.js';
import { buildPurl } from '../../src/sbom/purl.js';
import { FIXTURES_DIR, REPO_ROOT } from '../helpers/repo.js';

const ROOT = REPO_ROOT;
const BIN = join(ROOT, 'bin', 'leftshift.js');
const FIXTURES = FIXTURES_DIR;
const haveFixtures = existsSync(join(FIXTURES, 'fixtures.json'));

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('scan IMAGE --format json: image target with packages, image findings, and an explicit "no database" status', { skip: haveFixtures ? false : 'fixtures not built (scripts/fixtures/build.sh)' }, () => {
  const cache = mkdtempSync(join(tmpdir(), 'ls-cli-img-'));
  try {
    /* eslint-disable @typescript-eslint/no-explicit-any -- parsed JSON of our own contract */
    const manifest: any = JSON.parse(readFileSync(join(FIXTURES, 'fixtures.json'), 'utf8'));
    const archive = join(FIXTURES, manifest.images.app.formats['docker-archive'].path);
    const r = cli(['scan', archive, '--format', 'json', '--cache-dir', cache]);
    assert.equal(r.code, 0, r.stderr);
    const report: any = JSON.parse(r.stdout);
    const t = report.targets[0];
    assert.equal(t.kind, 'image');
    assert.ok(t.packages.some((p: any) => p.purl === 'pkg:npm/lodash@4.17.15' && p.locations[0].layer.diffID.startsWith('sha256:')));
    assert.ok(t.packages.some((p: any) => p.type === 'deb' && p.source?.name));
    assert.equal(t.metadata.vulnerabilityScan.state, 'no-database');
    assert.ok(report.warnings.some((w: string) => /NOT scanned/.test(w)));
    assert.ok(t.findings.some((f: any) => f.ruleId === 'LS-IMG-001'));
    const token = manifest.images.app.planted.configEnv[0].value as string;
    assert.ok(!r.stdout.includes(token), 'the planted token leaked into the JSON report');
    const sarif = cli(['scan', archive, '--format', 'sarif', '--cache-dir', cache, '--no-vulns']);
    assert.equal(sarif.code, 0);
    assert.ok(!sarif.stdout.includes(token));
    const sbom = cli(['sbom', archive, '--format', 'spdx', '--cache-dir', cache, '-q']);
    assert.equal(sbom.code, 0, sbom.stderr);
    assert.equal(JSON.parse(sbom.stdout).spdxVersion, 'SPDX-2.3');
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

test('scan SBOM_FILE: packages from a CycloneDX document matched against an imported DB; --ignore-unfixed; exit 1 with --fail-on', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ls-cli-sbom-'));
  try {
    const imported = cli(['db', 'import', join(ROOT, 'test', 'fixtures', 'vulndb', 'PyPI'), '--cache-dir', dir, '-q']);
    assert.equal(imported.code, 0, imported.stderr);
    const pkg = { type: 'pypi' as const, name: 'django', version: '1.0.3', purl: buildPurl({ type: 'pypi', name: 'django', version: '1.0.3' }), licenses: ['BSD-3-Clause'], locations: [{ path: 'app/requirements.txt' }], foundBy: 'test' };
    const doc = getSbomFormat('cyclonedx')!.render({ subject: { kind: 'filesystem', path: 'app' }, packages: [pkg], createdAt: new Date('2026-01-01T00:00:00Z') });
    const file = join(dir, 'app.cdx.json');
    writeFileSync(file, doc);
    const r = cli(['scan', file, '--format', 'json', '--cache-dir', dir, '--fail-on', 'LOW']);
    const report = JSON.parse(r.stdout) as { targets: Array<{ kind: string; findings: Array<{ ruleId: string; kind: string }>; packages: unknown[] }> };
    assert.equal(report.targets[0]!.kind, 'sbom');
    assert.equal(report.targets[0]!.packages.length, 1);
    const vulns = report.targets[0]!.findings.filter((f) => f.kind === 'vulnerability').map((f) => f.ruleId);
    assert.ok(vulns.includes('CVE-2009-3695'), vulns.join(','));
    assert.equal(r.code, 1);
    const status = cli(['db', 'status', '--format', 'json', '--cache-dir', dir]);
    assert.equal(status.code, 0);
    assert.ok((JSON.parse(status.stdout) as { total: number }).total > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('decompression-bomb limits: the hint names the flags, a trusted image passes with them raised, bad values are usage errors', { skip: haveFixtures ? false : 'fixtures not built (scripts/fixtures/build.sh)' }, () => {
  const bomb = `oci:${join(FIXTURES, 'images', 'hostile', 'oci')}:bomb`;
  const refused = cli(['scan', bomb, '--no-cache', '--no-vulns']);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /possible decompression bomb.*--max-compression-ratio N/);
  const trusted = cli(['scan', bomb, '--no-cache', '--no-vulns', '--format', 'json', '--max-compression-ratio', '1000']);
  assert.equal(trusted.code, 0, trusted.stderr);
  assert.equal(JSON.parse(trusted.stdout).targets[0].kind, 'image');
  const small = cli(['sbom', bomb, '--no-cache', '--max-compression-ratio', '1000', '--max-layer-size', '1MiB']);
  assert.equal(small.code, 2, small.stderr);
  assert.match(small.stderr, /exceeds|larger than|limit/i);
  for (const args of [['--max-layer-size', 'huge'], ['--max-compression-ratio', '0']]) {
    const r = cli(['sbom', bomb, '--no-cache', ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(args[0]!));
  }
});
